import { describe, expect, it } from 'vitest';
import type { RunbookInput } from './runbookGraph';
import { stepTestArguments, typedTestInputs, type LatestRunValues } from './stepTestArguments';

const latestRun: LatestRunValues = {
  id: 'run-1',
  steps: [
    { stepId: 'start', stepType: 'start', status: 'succeeded', outputs: {} },
    { stepId: 'find', stepType: 'method', status: 'succeeded', outputs: { id: 41, tags: ['a'] } },
    { stepId: 'names', stepType: 'setVariables', status: 'succeeded', outputs: { owner: 'ana' } },
    { stepId: 'find', stepType: 'method', status: 'succeeded', outputs: { id: 42, tags: ['b'] } },
  ],
  triggerBody: { ticket: { id: 'T-9' } },
  clientName: 'Contoso',
};

const one = (
  template: string,
  inputs: Record<string, unknown> = {},
  run: LatestRunValues | null = latestRun,
) => stepTestArguments(['value'], { value: template }, inputs, run)[0];

describe('the values a Test of an Execute method step sends', () => {
  it('resolves runbook inputs from what was given for the test', () => {
    expect(one('Ticket {{inputs.ticket}}', { ticket: 'T-1' })).toEqual({
      name: 'value',
      template: 'Ticket {{inputs.ticket}}',
      value: 'Ticket T-1',
      sent: 'Ticket T-1',
      placeholders: [{ path: 'inputs.ticket', origin: 'input', value: 'T-1' }],
      problem: null,
    });
  });

  it('sends an argument that is one placeholder with its own type, as a run hands it to the method', () => {
    const inputs = { notify: true, count: 3, extra: { a: [1] }, note: null };
    expect(one('{{inputs.notify}}', inputs)).toMatchObject({ value: 'true', sent: true });
    expect(one('{{ inputs.count }}', inputs)).toMatchObject({ value: '3', sent: 3 });
    expect(one('{{inputs.extra}}', inputs)).toMatchObject({ value: '{"a":[1]}', sent: { a: [1] } });
    expect(one('{{inputs.note}}', inputs)).toMatchObject({ value: '', sent: null });
    expect(one('{{steps.find.outputs.tags}}')).toMatchObject({ sent: ['b'] });
  });

  it('sends an argument with text around its placeholders as text', () => {
    expect(one('{{inputs.count}} ', { count: 3 })).toMatchObject({ value: '3 ', sent: '3 ' });
    expect(one('{{inputs.notify}}{{inputs.count}}', { notify: false, count: 3 })).toMatchObject({
      sent: 'false3',
    });
  });

  it("takes earlier steps' outputs from the latest run, the last record of a step that ran again", () => {
    const found = one('{{steps.find.outputs.id}}/{{steps.find.outputs.tags}}');
    expect(found?.value).toBe('42/["b"]');
    expect(found?.placeholders.map((placeholder) => placeholder.origin)).toEqual(['latestRun', 'latestRun']);
  });

  it('takes vars, the webhook payload, the client and a step state from the latest run', () => {
    expect(one('{{vars.owner}} {{trigger.body.ticket.id}} {{client}} {{steps.find.status}}')?.value).toBe(
      'ana T-9 Contoso succeeded',
    );
  });

  it('names an input given no value instead of sending it empty', () => {
    expect(one('Ticket {{inputs.ticket}}')).toMatchObject({
      value: null,
      placeholders: [
        { path: 'inputs.ticket', origin: null, reason: 'no value given for the input "ticket"' },
      ],
    });
  });

  it('names a step output when the runbook has not run yet', () => {
    expect(one('{{steps.find.outputs.id}}', {}, null)?.placeholders).toEqual([
      {
        path: 'steps.find.outputs.id',
        origin: null,
        reason: 'this runbook has not run yet, so no earlier run gives it',
      },
    ]);
  });

  it('names a step the latest run did not reach, and an output it did not give', () => {
    expect(one('{{steps.close.outputs.id}}')?.placeholders[0]).toMatchObject({
      reason: 'the latest run did not reach step "close"',
    });
    expect(one('{{steps.find.outputs.missing}}')?.placeholders[0]).toMatchObject({
      reason: 'the latest run has no such value',
    });
  });

  it('names a loop variable, which only a running loop has', () => {
    expect(one('{{item.id}}')?.placeholders[0]).toMatchObject({ origin: null });
  });

  it('names a configuration value, which only a run reads, rather than call it a loop variable', () => {
    expect(one('{{config.vault.key}}')?.placeholders[0]).toEqual({
      path: 'config.vault.key',
      origin: null,
      reason: 'a configuration value is read only by a run, never in the window: try the step in a Dry run',
    });
  });

  it('says when the step gives a variable no value, or a template that does not parse', () => {
    expect(stepTestArguments(['a'], {}, {}, null)[0]).toMatchObject({
      value: null,
      problem: 'the step gives it no value',
    });
    expect(one('{{inputs.')?.problem).toMatch(/never closed/);
  });

  it('lists a placeholder used twice once', () => {
    expect(one('{{inputs.a}}-{{inputs.a}}', { a: 'x' })?.placeholders).toHaveLength(1);
  });
});

describe("the values a Test of a Wait for approval's Notify request sends", () => {
  const examples = {
    approval: {
      link: 'https://approval-link.invalid/made-when-a-run-waits',
      message: 'Deploy?',
      expiresAt: 'soon',
    },
  };

  it('stands in with the examples for what only a waiting run makes, beside the usual values', () => {
    const [text] = stepTestArguments(
      ['text'],
      { text: '{{approval.message}} ({{inputs.ticket}}) Decide at {{approval.link}}' },
      { ticket: 'T-1' },
      latestRun,
      examples,
    );
    expect(text?.value).toBe('Deploy? (T-1) Decide at https://approval-link.invalid/made-when-a-run-waits');
    expect(text?.placeholders.map((placeholder) => [placeholder.path, placeholder.origin])).toEqual([
      ['approval.message', 'example'],
      ['inputs.ticket', 'input'],
      ['approval.link', 'example'],
    ]);
  });

  it('names a value the examples do not have instead of sending it empty', () => {
    const [text] = stepTestArguments(['text'], { text: '{{approval.token}}' }, {}, null, examples);
    expect(text?.value).toBeNull();
    expect(text?.placeholders).toEqual([
      { path: 'approval.token', origin: null, reason: '"approval" has no such value' },
    ]);
  });

  it('leaves approval values unknown to an Execute method step, which has no examples', () => {
    expect(one('{{approval.link}}')?.placeholders[0]).toMatchObject({ origin: null });
  });
});

describe('the inputs typed for a test', () => {
  const declared: RunbookInput[] = [
    { name: 'count', type: 'number', isRequired: true, defaultValue: '', description: '' },
    { name: 'note', type: 'string', isRequired: false, defaultValue: '', description: '' },
    { name: 'ticket', type: 'string', isRequired: true, defaultValue: '', description: '' },
    { name: 'body', type: 'json', isRequired: false, defaultValue: '', description: '' },
    { name: 'urgent', type: 'boolean', isRequired: false, defaultValue: '', description: '' },
  ];

  it('types them as a run does; an empty optional input is null, an empty required one absent', () => {
    expect(typedTestInputs(declared, { count: '3', body: '{"a":1}', urgent: 'true' })).toEqual({
      count: 3,
      note: null,
      body: { a: 1 },
      urgent: true,
    });
  });

  it('leaves out a value that does not fit its type, so it is named rather than sent', () => {
    expect(typedTestInputs(declared, { count: 'many', ticket: 'T-1', body: '{' })).toEqual({
      note: null,
      ticket: 'T-1',
      urgent: null,
    });
  });

  it('keeps an input named "__proto__" (a valid name) as the inputs\' own, typed or left empty', () => {
    const proto: RunbookInput[] = [
      { name: '__proto__', type: 'string', isRequired: false, defaultValue: '', description: '' },
    ];
    const typed = typedTestInputs(proto, JSON.parse('{"__proto__": "hello"}') as Record<string, string>);
    expect(JSON.stringify(typed)).toBe('{"__proto__":"hello"}');
    expect(stepTestArguments(['who'], { who: '{{inputs.__proto__}}' }, typed, null)[0]?.value).toBe('hello');
    const empty = typedTestInputs(proto, {});
    expect(JSON.stringify(empty)).toBe('{"__proto__":null}');
    expect(Object.getPrototypeOf(empty)).toBe(Object.prototype);
  });
});
