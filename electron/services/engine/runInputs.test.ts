/** The inputs a run is given, typed by the runbook's declaration: what is refused, and why. */
import { describe, expect, it } from 'vitest';
import type { RunbookInput } from '../../../shared/runbook/runbookGraph';
import { prepareInputs } from './runInputs';

const jsonInput: RunbookInput = {
  name: 'data',
  type: 'json',
  isRequired: true,
  defaultValue: '',
  description: '',
};

describe('prepareInputs', () => {
  it('refuses JSON text nested deeper than any value may be, naming the input and where', () => {
    // Given as text (the Run dialog, `run --input`), it was parsed unchecked and the run then
    // failed with 'Maximum call stack size exceeded'.
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    expect(() => prepareInputs([jsonInput], { data: deep })).toThrow(
      /^The input "data" nests deeper than 64 levels \(at (\[0\])+\); flatten it\.$/,
    );
  });

  it('keeps an input named "__proto__" as an input, never as the prototype, and never reads the prototype as one', () => {
    const named = (type: RunbookInput['type'], isRequired: boolean): RunbookInput => ({
      name: '__proto__',
      type,
      isRequired,
      defaultValue: '',
      description: '',
    });
    const given = JSON.parse('{"__proto__": "hello"}') as Record<string, unknown>;
    const inputs = prepareInputs([named('string', true)], given);
    expect(Object.getPrototypeOf(inputs)).toBe(Object.prototype);
    expect(Object.entries(inputs)).toEqual([['__proto__', 'hello']]);
    const json = prepareInputs(
      [named('json', true)],
      JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>,
    );
    expect(Object.entries(json)).toEqual([['__proto__', { x: 1 }]]);
    // Not given: required is refused, optional is null — not Object.prototype.
    expect(() => prepareInputs([named('string', true)], {})).toThrow('The input "__proto__" is required.');
    expect(Object.entries(prepareInputs([named('string', false)], {}))).toEqual([['__proto__', null]]);
  });

  it('takes JSON text nested as deep as allowed', () => {
    const deep = `${'['.repeat(64)}${']'.repeat(64)}`;
    expect(JSON.stringify(prepareInputs([jsonInput], { data: deep }).data)).toBe(deep);
  });

  it('refuses inputs a webhook mapping made larger than a run takes (two inputs of 600 KB)', () => {
    const text = (name: string): RunbookInput => ({ ...jsonInput, name, type: 'string' });
    const payload = 'p'.repeat(600 * 1024);
    expect(() => prepareInputs([text('body'), text('copy')], { body: payload, copy: payload })).toThrow(
      'The inputs come to 1.2 MB; a run takes at most 1 MB of inputs ("body" is 601 KB of it).',
    );
  });
});
