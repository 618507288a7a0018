import { describe, expect, it } from 'vitest';
import { runbookGraphSchema, type RunbookGraph } from './runbookGraph';
import { validateGraph, type ConfigFacts, type MethodFacts, type RunbookFacts } from './validateGraph';
import { completionsAt, scopeAt } from './variablesInScope';

/** The ChatGPT-style example: a POST whose output feeds a condition and a second POST. */
const graph = (overrides: Partial<RunbookGraph> = {}): RunbookGraph =>
  runbookGraphSchema.parse({
    inputs: [{ name: 'ticketId', type: 'string', isRequired: true }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'ask',
        name: 'Ask ChatGPT',
        type: 'method',
        methodId: 'm-complete',
        arguments: { prompt: 'Summarise {{inputs.ticketId}}' },
      },
      {
        id: 'check',
        name: 'Answered?',
        type: 'condition',
        rules: [{ left: '{{steps.ask.outputs.text}}', operator: 'isEmpty' }],
      },
      {
        id: 'note',
        name: 'Add note',
        type: 'method',
        methodId: 'm-note',
        arguments: { id: '{{inputs.ticketId}}', text: '{{steps.ask.outputs.text}}' },
      },
      { id: 'done', name: 'Done', type: 'end' },
      {
        id: 'failed',
        name: 'No answer',
        type: 'end',
        outcome: 'failed',
        message: 'Empty answer for {{inputs.ticketId}}',
      },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'ask' },
      { from: 'ask', kind: 'success', to: 'check' },
      { from: 'check', kind: 'true', to: 'failed' },
      { from: 'check', kind: 'false', to: 'note' },
      { from: 'note', kind: 'success', to: 'done' },
    ],
    ...overrides,
  });

const methods: MethodFacts = {
  variables: (id) => ({ 'm-complete': ['prompt'], 'm-note': ['id', 'text'] })[id],
  outputs: (id) => ({ 'm-complete': ['text'], 'm-note': [] })[id],
};
const runbooks: RunbookFacts = { inputsOf: () => undefined };

const messages = (value: RunbookGraph) =>
  validateGraph(value, methods, runbooks).map((issue) => `${issue.stepId ?? '-'}: ${issue.message}`);

describe('validateGraph', () => {
  it('accepts the ChatGPT example', () => {
    expect(messages(graph())).toEqual([]);
  });

  it('asks for a Start step, and refuses a second one', () => {
    const base = graph();
    expect(
      messages({
        ...base,
        steps: base.steps.filter((step) => step.type !== 'start'),
        edges: base.edges.slice(1),
      }),
    ).toContain('-: The runbook needs a Start step.');
    expect(
      messages({ ...base, steps: [...base.steps, { id: 'start2', name: 'Start', type: 'start' }] }),
    ).toContain('start2: A runbook has only one Start step.');
  });

  it('names a step that needs an outgoing edge', () => {
    const base = graph();
    expect(
      messages({
        ...base,
        edges: base.edges.filter((edge) => edge.from !== 'check' || edge.kind !== 'false'),
      }),
    ).toContain('check: "Answered?" needs a "false" edge.');
  });

  it('lets a failure edge stay unconnected (the run then fails)', () => {
    expect(messages(graph()).some((message) => message.includes('failure'))).toBe(false);
  });

  it('names steps nothing leads to', () => {
    const base = graph();
    const lonely = { id: 'lonely', name: 'Lonely', type: 'delay' as const, seconds: '1' };
    expect(
      messages({
        ...base,
        steps: [...base.steps, lonely],
        edges: [...base.edges, { from: 'lonely', kind: 'next', to: 'done' }],
      }),
    ).toContain('lonely: Nothing leads to "Lonely"; it will never run.');
  });

  it("lets a later step read a Delay's seconds, as its record shows them", () => {
    const steps: RunbookGraph['steps'] = [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'wait', name: 'Wait', type: 'delay', seconds: '{{inputs.ticketId}}' },
      {
        id: 'done',
        name: 'Done',
        type: 'end',
        outcome: 'succeeded',
        message: 'Waited {{steps.wait.outputs.seconds}} s',
      },
    ];
    const edges: RunbookGraph['edges'] = [
      { from: 'start', kind: 'next', to: 'wait' },
      { from: 'wait', kind: 'next', to: 'done' },
    ];
    expect(messages(graph({ steps, edges }))).toEqual([]);
  });

  it('refuses an edge kind the step does not have, and the same kind twice', () => {
    const base = graph();
    expect(
      messages({
        ...base,
        edges: [
          ...base.edges,
          { from: 'start', kind: 'true', to: 'done' },
          { from: 'ask', kind: 'success', to: 'done' },
        ],
      }),
    ).toEqual(
      expect.arrayContaining([
        'start: A Start step has no "true" exit.',
        'ask: Two edges leave "Ask ChatGPT" as "success".',
      ]),
    );
  });

  it('names a missing method argument and a method that no longer exists', () => {
    const base = graph();
    const steps = base.steps.map((step) =>
      step.id === 'note' && step.type === 'method'
        ? { ...step, arguments: { id: '{{inputs.ticketId}}' } }
        : step,
    );
    expect(messages({ ...base, steps })).toContain(
      'note: "Add note" needs a value for the method\'s "text".',
    );
    const gone = base.steps.map((step) =>
      step.id === 'ask' && step.type === 'method' ? { ...step, methodId: 'm-deleted' } : step,
    );
    expect(messages({ ...base, steps: gone })).toContain(
      'ask: "Ask ChatGPT" runs a method that no longer exists.',
    );
  });

  it('names variables that are not in scope where they are used', () => {
    const base = graph();
    const steps = base.steps.map((step) =>
      step.id === 'ask' && step.type === 'method'
        ? {
            ...step,
            arguments: {
              prompt: '{{inputs.ticket}} {{steps.note.outputs.x}} {{vars.nope}} {{steps.ask.status}}',
            },
          }
        : step,
    );
    expect(messages({ ...base, steps })).toEqual([
      'ask: {{inputs.ticket}}: The runbook has no input "ticket".',
      'ask: {{steps.note.outputs.x}}: No step "note" runs before this one.',
      'ask: {{vars.nope}}: No step before this one sets vars.nope.',
      'ask: {{steps.ask.status}}: No step "ask" runs before this one.',
    ]);
  });

  it('names a {{config.…}} value of no integration, or of a field its integration lacks', () => {
    const vault: ConfigFacts = {
      fieldsOf: (prefix) =>
        prefix === 'vault' ? { integration: 'Vault', fields: ['region', 'key'] } : undefined,
    };
    const base = graph();
    const steps = base.steps.map((step) =>
      step.id === 'failed' && step.type === 'end'
        ? {
            ...step,
            message:
              '{{config.vault.region}} {{config.vault.key}} {{config.vault.regoin}} {{config.vualt.key}} ' +
              '{{config.vault}} {{config.vault.key.length}}',
          }
        : step,
    );
    expect(validateGraph({ ...base, steps }, methods, runbooks, vault).map((issue) => issue.message)).toEqual(
      [
        '{{config.vault.regoin}}: "Vault" has no field "regoin"; its fields are "region", "key".',
        '{{config.vualt.key}}: No integration has the variable prefix "vualt" (set on its Connection tab).',
        '{{config.vault}}: Name a configuration value as config.<prefix>.<field>.',
        '{{config.vault.key.length}}: A configuration value is text: use {{config.vault.key}} whole.',
      ],
    );
    expect(validateGraph({ ...base, steps }, methods, runbooks, vault).map((issue) => issue.stepId)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('names a {{config.…}} value a step’s method reads that no integration answers', () => {
    const vault: ConfigFacts = {
      fieldsOf: (prefix) => (prefix === 'vault' ? { integration: 'Vault', fields: ['key'] } : undefined),
    };
    const reading: MethodFacts = {
      ...methods,
      configReferences: (id) =>
        id === 'm-note'
          ? [
              ['vualt', 'key'],
              ['vault', 'key'],
            ]
          : [],
    };
    expect(validateGraph(graph(), reading, runbooks, vault)).toEqual([
      {
        stepId: 'note',
        message:
          'Its method\'s request reads {{config.vualt.key}}: No integration has the variable prefix "vualt" (set on its Connection tab).',
      },
    ]);
  });

  it('knows an unknown output of an earlier method step', () => {
    const base = graph();
    const steps = base.steps.map((step) =>
      step.id === 'note' && step.type === 'method'
        ? { ...step, arguments: { id: '1', text: '{{steps.ask.outputs.answer}}' } }
        : step,
    );
    expect(messages({ ...base, steps })).toEqual([
      'note: {{steps.ask.outputs.answer}}: Step "ask" has no output "answer".',
    ]);
  });
});

describe('scope and completion', () => {
  it('offers inputs, earlier steps’ outputs and statuses, but not later steps', () => {
    const completions = completionsAt(scopeAt(graph(), 'note', methods.outputs));
    expect(completions).toEqual(
      expect.arrayContaining([
        'inputs.ticketId',
        'steps.ask.outputs.text',
        'steps.ask.outputs.status',
        'steps.ask.status',
        'steps.check.status',
      ]),
    );
    expect(completions.some((path) => path.startsWith('steps.done'))).toBe(false);
  });

  /** Start → For each user (body: Greet, with `greeting`) → Done (saying `done`). */
  const userLoop = (greeting: string, done: string) =>
    runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'each',
          name: 'Each user',
          type: 'forEach',
          items: '{{trigger.body.users}}',
          itemVariable: 'user',
        },
        {
          id: 'greet',
          name: 'Greet',
          type: 'setVariables',
          assignments: [{ name: 'last', value: greeting }],
        },
        { id: 'done', name: 'Done', type: 'end', message: done },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'greet' },
        { from: 'greet', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'done' },
      ],
    });

  it('offers the loop item only inside a For each body', () => {
    const loop = userLoop('{{user.name}}', '{{vars.last}}');
    expect(validateGraph(loop, methods, runbooks)).toEqual([]);
    expect(scopeAt(loop, 'greet').loopItems.has('user')).toBe(true);
    expect(scopeAt(loop, 'done').loopItems.has('user')).toBe(false);
  });

  it('lets the steps after a For each read how many items it went through, as its record holds', () => {
    expect(
      validateGraph(
        userLoop('{{steps.each.outputs.index}}', '{{steps.each.outputs.count}} users'),
        methods,
        runbooks,
      ),
    ).toEqual([]);
    expect(messages(userLoop('{{user.name}}', '{{steps.each.outputs.total}}'))).not.toEqual([]);
  });

  it("knows {{approval.*}} in a Wait for approval step's Notify request only, and asks what it lacks", () => {
    const asking = (notify: unknown, message = 'Go?') =>
      messages(
        runbookGraphSchema.parse({
          steps: [
            { id: 'start', name: 'Start', type: 'start' },
            { id: 'ask', name: 'Ask', type: 'approval', message, notify },
            { id: 'done', name: 'Done', type: 'end' },
          ],
          edges: [
            { from: 'start', kind: 'next', to: 'ask' },
            { from: 'ask', kind: 'approved', to: 'done' },
            { from: 'ask', kind: 'rejected', to: 'done' },
            { from: 'ask', kind: 'timed_out', to: 'done' },
          ],
        }),
      );
    const notify = {
      methodId: 'm-note',
      arguments: { id: '1', text: '{{approval.link}} {{approval.expiresAt}}' },
    };
    expect(asking(notify)).toEqual([]);
    expect(asking(notify, 'Go? {{approval.link}}')).toEqual([
      'ask: {{approval.link}}: Unknown variable "approval.link".',
    ]);
    expect(asking({ ...notify, arguments: { id: '1', text: '{{approval.other}}' } })).toEqual([
      'ask: {{approval.other}}: Unknown variable "approval.other".',
    ]);
    expect(asking({ ...notify, arguments: { id: '1' } })).toEqual([
      'ask: "Ask": its Notify request needs a value for the method\'s "text".',
    ]);
    expect(asking({ ...notify, methodId: '' })).toEqual([
      'ask: "Ask": choose the method of its Notify request.',
    ]);
  });
});
