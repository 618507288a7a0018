import { describe, expect, it } from 'vitest';
import type { ArgumentValue } from '../../../../../shared/runbook/stepTestArguments';
import { inputsLeavingUnknown, stepTestSendNote } from './stepTestSendNote';

/** A value the test does not know, its placeholders unresolved. */
const unknown = (name: string, ...paths: string[]): ArgumentValue => ({
  name,
  template: paths.map((path) => `{{${path}}}`).join(' '),
  value: null,
  sent: null,
  placeholders: paths.map((path) => ({ path, origin: null, reason: 'not given' })),
  problem: null,
});

const notify = unknown('notify', 'inputs.notify');
const ticket = unknown('ticket', 'steps.lookup.outputs.id');
const required = { notify: '"notify" is required.' };

describe('the note beside a step Test’s Send', () => {
  it('says nothing when every value is known', () => {
    expect(stepTestSendNote([], required, false)).toBeNull();
    expect(stepTestSendNote([], required, true)).toBeNull();
  });

  it('before Send, calmly names the input still to give above', () => {
    expect(stepTestSendNote([notify], required, false)).toEqual({
      text: 'To send, give the input "notify" above.',
      isRefusal: false,
    });
  });

  it('before Send, names a value no input gives as one to type under Values sent', () => {
    expect(stepTestSendNote([notify, ticket], required, false)).toEqual({
      text: 'To send, give the input "notify" above and type a value for "ticket" under Values sent.',
      isRefusal: false,
    });
  });

  it('after a refused Send, is the refusal in the inputs’ own words', () => {
    expect(stepTestSendNote([notify], required, true)).toEqual({
      text: 'Not sent: "notify" is required.',
      isRefusal: true,
    });
    expect(stepTestSendNote([notify, ticket, unknown('queue', 'vars.queue')], required, true)).toEqual({
      text: 'Not sent: "notify" is required. "ticket" and "queue" have no value — type them under Values sent.',
      isRefusal: true,
    });
  });

  it('asks for a value to be typed when its input has no problem but lacks the path read', () => {
    const field = unknown('id', 'inputs.ticket.id');
    expect(stepTestSendNote([field], {}, true)?.text).toBe(
      'Not sent: "id" has no value — type one under Values sent.',
    );
  });

  it('counts a template that gives no value as one to type', () => {
    const empty: ArgumentValue = { ...unknown('body'), problem: 'the step gives it no value' };
    expect(stepTestSendNote([empty], {}, false)?.text).toBe(
      'To send, type a value for "body" under Values sent.',
    );
  });
});

describe('the inputs that leave a step Test’s value unknown', () => {
  it('are those with a problem that an unknown value reads, in the runbook’s order', () => {
    const problems = { count: '"count" must be a number.', notify: '"notify" is required.', other: 'x' };
    expect(inputsLeavingUnknown([notify, unknown('count', 'inputs.count[0]')], problems)).toEqual([
      'count',
      'notify',
    ]);
  });
});
