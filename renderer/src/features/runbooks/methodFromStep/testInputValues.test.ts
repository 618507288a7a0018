import { describe, expect, it } from 'vitest';
import type { RunbookInput } from '../../../../../shared/runbook/runbookGraph';
import { firstInputValues, inputsUsed } from './testInputValues';

const input = (name: string, defaultValue = '', type: RunbookInput['type'] = 'string'): RunbookInput => ({
  name,
  type,
  isRequired: false,
  defaultValue,
  description: '',
});

describe('the inputs a step Test asks for', () => {
  it('are the inputs the arguments read, in the runbook’s order, whatever else they read', () => {
    const declared = [input('client'), input('ticket'), input('note'), input('ticket-id')];
    const templates = {
      id: '{{ inputs.ticket-id }}',
      text: 'For {{inputs.ticket}} ({{steps.a.outputs.x}})',
      bad: '{{inputs.',
    };
    expect(inputsUsed(Object.values(templates), declared).map((used) => used.name)).toEqual([
      'ticket',
      'ticket-id',
    ]);
  });

  it('start from the latest run, else from their default, and say which', () => {
    const used = [input('ticket', 'T-1'), input('note', 'hello'), input('empty')];
    expect(firstInputValues(used, { ticket: 'T-9', note: null })).toEqual({
      values: { ticket: 'T-9', note: 'hello', empty: '' },
      origins: { ticket: 'from the latest run', note: 'its default', empty: '' },
    });
  });

  it('show a typed value from the latest run as text', () => {
    expect(firstInputValues([input('count')], { count: 3 }).values).toEqual({ count: '3' });
  });

  it('hold a Yes/no input from the latest run as "true" or "false", which their field offers as Yes or No', () => {
    const used = [input('notify', '', 'boolean'), input('dry', 'true', 'boolean')];
    expect(firstInputValues(used, { notify: true, dry: false }).values).toEqual({
      notify: 'true',
      dry: 'false',
    });
  });

  it('show a JSON input from the latest run as JSON, a text in it quoted', () => {
    const used = [input('extra', '', 'json'), input('name', '', 'json')];
    expect(firstInputValues(used, { extra: { a: [1] }, name: 'abc' }).values).toEqual({
      extra: '{"a":[1]}',
      name: '"abc"',
    });
  });

  it('start an input named "__proto__" (a valid name) from the latest run or its default, as their own', () => {
    const used = [input('__proto__', 'fallback')];
    const latest = JSON.parse('{"__proto__": "from run"}') as Record<string, unknown>;
    expect(JSON.stringify(firstInputValues(used, latest))).toBe(
      '{"values":{"__proto__":"from run"},"origins":{"__proto__":"from the latest run"}}',
    );
    expect(JSON.stringify(firstInputValues(used, {}))).toBe(
      '{"values":{"__proto__":"fallback"},"origins":{"__proto__":"its default"}}',
    );
  });
});
