/** Reading a pin's edited JSON: kept when it reads and fits its step, refused with the reason and place when not. */
import { describe, expect, it } from 'vitest';
import { stepSchema } from '../../../../../shared/runbook/stepTypes';
import { examplePinText, pinText, readPinText } from './pinText';

const method = stepSchema.parse({ id: 'open', name: 'Open', type: 'method', methodId: 'm1' });
const condition = stepSchema.parse({
  id: 'check',
  name: 'Check',
  type: 'condition',
  rules: [{ left: '{{inputs.a}}', operator: 'isEmpty' }],
});

describe('pin text', () => {
  it('reads back what it wrote', () => {
    const pin = {
      stepId: 'open',
      from: 'test' as const,
      pinnedAt: '2026-12-02T00:00:00.000Z',
      status: 201,
      outputs: { ticketId: 'T-1' },
      response: null,
    };
    expect(readPinText(pinText(method, pin), method)).toEqual({
      value: { status: 201, outputs: { ticketId: 'T-1' }, response: null },
    });
  });

  it('shows a Condition’s pin as its exit and outputs only, and starts a new one from an example', () => {
    const pin = {
      stepId: 'check',
      from: 'run' as const,
      pinnedAt: '',
      exit: 'false',
      outputs: {},
      response: null,
    };
    expect(JSON.parse(pinText(condition, pin))).toEqual({ exit: 'false', outputs: {} });
    expect(readPinText(examplePinText(condition), condition)).toEqual({
      value: { exit: 'true', outputs: {}, response: null },
    });
  });

  it('refuses text that is not JSON, saying why', () => {
    const read = readPinText('{ "status": 200,', method);
    expect('problem' in read && read.problem).toMatch(/^Not valid JSON: /);
  });

  it('refuses a pasted token that is not JSON by line and column, without quoting it', () => {
    const read = readPinText(
      '{\n  "status": 200,\n  "outputs": { "token": Bearer sk-live-4f9a2c }\n}',
      method,
    );
    expect(read).toEqual({ problem: "Not valid JSON: Unexpected token 'B' (line 3, column 25)." });
  });

  it('refuses JSON that is not a pin, naming the field at fault', () => {
    const read = readPinText('{ "status": 42, "outputs": {} }', method);
    expect('problem' in read && read.problem).toMatch(
      /^Not a pin: .*\(at status\)\. It holds status, response, outputs\./,
    );
  });

  it('refuses an exit the step does not have, naming the ones it has', () => {
    const read = readPinText('{ "exit": "maybe" }', condition);
    expect('problem' in read && read.problem).toMatch(/its exits: "true", "false"/);
  });
});
