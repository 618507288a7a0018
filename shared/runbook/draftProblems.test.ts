/**
 * A draft in the middle of an edit is a valid draft: the schema takes it, and the checks name
 * what is unfinished as problems on its steps (a run refuses them).
 */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from './runbookGraph';
import { validateGraph, type MethodFacts, type RunbookFacts } from './validateGraph';

const methods: MethodFacts = {
  variables: (id) => (id === 'm-known' ? [] : undefined),
  outputs: (id) => (id === 'm-known' ? [] : undefined),
};
const runbooks: RunbookFacts = { inputsOf: () => undefined };

/** Start → the given step → End, read through the schema as a saved draft is. */
function draftWith(step: Record<string, unknown>, inputs: Record<string, unknown>[] = []) {
  return runbookGraphSchema.parse({
    inputs,
    steps: [{ id: 'start', name: 'Start', type: 'start' }, step, { id: 'done', name: 'Done', type: 'end' }],
    edges: [
      { from: 'start', kind: 'next', to: String(step.id) },
      ...['success', 'next', 'true', 'false', 'done'].map((kind) => ({
        from: String(step.id),
        kind,
        to: 'done',
      })),
    ],
  });
}

const problemsOf = (step: Record<string, unknown>, inputs: Record<string, unknown>[] = []) =>
  validateGraph(draftWith(step, inputs), methods, runbooks)
    .filter((issue) => !issue.message.includes('exit') && !issue.message.includes('edge'))
    .map((issue) => issue.message);

describe('a draft with unfinished steps', () => {
  it('is read by the schema as it is, and each unfinished part is a problem of its step', () => {
    expect(problemsOf({ id: 'get', name: 'Get', type: 'method', methodId: '' })).toEqual([
      '"Get": choose a method.',
    ]);
    expect(
      problemsOf({
        id: 'get',
        name: 'Get',
        type: 'method',
        methodId: 'm-known',
        configuration: { mode: 'named', configurationId: '' },
      }),
    ).toEqual(['"Get": choose a configuration.']);
    expect(problemsOf({ id: 'child', name: 'Child', type: 'runRunbook', runbookId: '' })).toEqual([
      '"Child": choose a runbook to run.',
    ]);
    expect(problemsOf({ id: 'check', name: 'Check', type: 'condition', rules: [] })).toEqual([
      '"Check": add at least one rule.',
    ]);
    expect(problemsOf({ id: 'wait', name: '', type: 'delay', seconds: '1' })).toEqual([
      'A step needs a name.',
    ]);
    expect(problemsOf({ id: 'route', name: 'Route', type: 'switch', value: '', cases: [] })).toEqual([
      '"Route": give the value to switch on.',
      '"Route": add at least one case.',
    ]);
    expect(
      problemsOf({
        id: 'route',
        name: 'Route',
        type: 'switch',
        value: 'x',
        cases: [
          { id: 'a', equals: '1' },
          { id: 'b', equals: '1' },
        ],
      }),
    ).toEqual(['"Route": two cases equal "1"; the second is never taken.']);
  });

  it('names each required input of the runbook a Run runbook step runs that the step leaves empty', () => {
    const closeTicket: RunbookFacts = {
      inputsOf: (id) =>
        id === 'rb-close'
          ? runbookGraphSchema.parse({
              inputs: [
                { name: 'ticket', type: 'string', isRequired: true },
                { name: 'reason', type: 'string', isRequired: true },
                { name: 'priority', type: 'number', isRequired: true, defaultValue: '3' },
                { name: 'note', type: 'string' },
              ],
            }).inputs
          : undefined,
    };
    const problemsWith = (inputs: Record<string, string>, runbookId = 'rb-close') =>
      validateGraph(
        draftWith({ id: 'child', name: 'Close it', type: 'runRunbook', runbookId, inputs }),
        methods,
        closeTicket,
      )
        .filter((issue) => issue.message.includes('requires it'))
        .map((issue) => issue.message);
    const missing = (name: string) => `"Close it": give "${name}" a value; the runbook it runs requires it.`;

    expect(problemsWith({})).toEqual([missing('ticket'), missing('reason')]);
    // Emptied in the step's field, a value is passed as empty: the default does not stand in.
    expect(problemsWith({ ticket: 'T-1', reason: '', priority: '' })).toEqual([
      missing('reason'),
      missing('priority'),
    ]);
    expect(problemsWith({ ticket: '{{inputs.id}}', reason: 'done' })).toEqual([]);
    // A runbook that no longer exists has no inputs to ask for (the inspector says it is missing).
    expect(problemsWith({}, 'rb-gone')).toEqual([]);
  });

  it('reads a Run runbook step’s values as its own entries, for inputs named as an object’s members', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const child: RunbookFacts = {
      inputsOf: () =>
        runbookGraphSchema.parse({
          inputs: names.map((name) => ({ name, type: 'string', isRequired: true })),
        }).inputs,
    };
    const problemsWith = (inputs: Record<string, string>) =>
      validateGraph(
        draftWith({ id: 'child', name: 'Echo', type: 'runRunbook', runbookId: 'rb-echo', inputs }),
        methods,
        child,
      )
        .map((issue) => issue.message)
        .filter((message) => message.includes('requires it'));
    expect(problemsWith({})).toEqual(
      names.map((name) => `"Echo": give "${name}" a value; the runbook it runs requires it.`),
    );
    const given = JSON.parse(
      '{"__proto__": "a", "constructor": "b", "toString": "c", "hasOwnProperty": "d"}',
    );
    expect(problemsWith(given as Record<string, string>)).toEqual([]);
  });

  it('reads a method step’s arguments and a Notify request’s as their own entries, for variables named as an object’s members', () => {
    // "{{constructor}}" in a method's path: the check read step.arguments.constructor, the Object
    // function, and threw at its .trim() (runs.start answered with a TypeError).
    const names = ['constructor', 'toString', '__proto__'];
    const withVariables: MethodFacts = {
      variables: (id) => (id === 'm-named' ? names : undefined),
      outputs: (id) => (id === 'm-named' ? [] : undefined),
    };
    const problemsWith = (step: Record<string, unknown>) =>
      validateGraph(draftWith(step), withVariables, runbooks)
        .map((issue) => issue.message)
        .filter((message) => message.includes('needs a value'));
    expect(
      problemsWith({ id: 'get', name: 'Get', type: 'method', methodId: 'm-named', arguments: {} }),
    ).toEqual(names.map((name) => `"Get" needs a value for the method's "${name}".`));
    const notify = { methodId: 'm-named', arguments: {} };
    expect(
      problemsWith({
        id: 'ask',
        name: 'Ask',
        type: 'approval',
        message: 'May I?',
        timeoutMinutes: 60,
        notify,
      }),
    ).toEqual(names.map((name) => `"Ask": its Notify request needs a value for the method's "${name}".`));
    const given = { constructor: 'a', toString: 'b' };
    expect(
      problemsWith({ id: 'get', name: 'Get', type: 'method', methodId: 'm-named', arguments: given }),
    ).toEqual([`"Get" needs a value for the method's "__proto__".`]);
  });

  it('names a Run runbook step whose runbook no longer exists', () => {
    const issues = validateGraph(
      draftWith({ id: 'child', name: 'Close it', type: 'runRunbook', runbookId: 'rb-gone', inputs: {} }),
      methods,
      { inputsOf: () => undefined },
    );
    expect(issues.map((issue) => issue.message)).toContain(
      '"Close it" runs a runbook that no longer exists. Choose another.',
    );
  });

  it('names variables and inputs that are not names yet', () => {
    expect(
      problemsOf({
        id: 'set',
        name: 'Set',
        type: 'setVariables',
        assignments: [{ name: '2nd', value: 'x' }],
      }),
    ).toEqual(['"Set": "2nd" is not a variable name (letters, digits and _, not starting with a digit).']);
    expect(
      problemsOf({ id: 'loop', name: 'Loop', type: 'forEach', items: '[]', itemVariable: 'an item' }),
    ).toEqual([
      '"Loop": "an item" is not a variable name for the item (letters, digits and _, not starting with a digit).',
    ]);
    const issues = validateGraph(
      draftWith({ id: 'wait', name: 'Wait', type: 'delay', seconds: '1' }, [
        { name: 'ticket id', type: 'string' },
        { name: 'ok', type: 'string' },
        { name: 'ok', type: 'number' },
      ]),
      methods,
      runbooks,
    );
    expect(
      issues.filter((issue) => issue.message.startsWith('Input') || issue.message.startsWith('Two')),
    ).toEqual([
      {
        stepId: 'start',
        message: 'Input "ticket id": names are letters, digits and _, not starting with a digit.',
      },
      { stepId: 'start', message: 'Two inputs are named "ok".' },
    ]);
  });

  it('takes a webhook half set up, and names each unfinished part on the Start step', () => {
    const graph = runbookGraphSchema.parse({
      inputs: [{ name: 'ticketId', type: 'string' }],
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: {
            isEnabled: true,
            authentication: 'signature',
            signatureHeader: 'X-Sig nature',
            inputMapping: [
              { input: 'ticketId', path: '' },
              { input: '', path: '$.id' },
            ],
          },
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    });
    expect(validateGraph(graph, methods, runbooks)).toEqual([
      {
        stepId: 'start',
        message: 'The webhook reads "ticketId" from nowhere: give a JSONPath ($.field) or headers.<name>.',
      },
      { stepId: 'start', message: 'A webhook mapping has no input: choose which input it fills.' },
      {
        stepId: 'start',
        message:
          'The webhook’s signature header "X-Sig nature" is not a header name (letters, digits and - such as X-Signature).',
      },
    ]);
    const cleared = runbookGraphSchema.parse({
      ...graph,
      steps: graph.steps.map((step) =>
        step.type === 'start' && step.webhook !== undefined
          ? { ...step, webhook: { ...step.webhook, signatureHeader: '', inputMapping: [] } }
          : step,
      ),
    });
    expect(validateGraph(cleared, methods, runbooks).map((issue) => issue.message)).toEqual([
      'The webhook’s signature header needs a name, such as X-Hub-Signature-256.',
    ]);
  });

  it('still refuses what no edit produces: a step id that is not one, a type that does not exist', () => {
    expect(
      runbookGraphSchema.safeParse({ steps: [{ id: 'Bad Id', name: 'x', type: 'start' }] }).success,
    ).toBe(false);
    expect(runbookGraphSchema.safeParse({ steps: [{ id: 'x', name: 'x', type: 'teleport' }] }).success).toBe(
      false,
    );
    expect(
      runbookGraphSchema.safeParse({ steps: [{ id: 'x', name: 'x'.repeat(201), type: 'start' }] }).success,
    ).toBe(false);
  });
});
