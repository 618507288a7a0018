/** The engine against a real local API and real HTTP, heard through hooks that collect what it tells. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema, type MethodDefinition } from '../../../shared/domain/method';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { createHttpCore } from '../http/httpCore';
import { createHttpTransport } from '../http/httpTransport';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { createEngine } from './engine';
import { collectingHooks } from './testSupport/collectingHooks';

let api: LocalServer;
const seen: { url: string; body: string }[] = [];
const transport = createHttpTransport();
const http_ = createHttpCore({
  transport,
  recordCall: () => undefined,
  openBrowser: () => Promise.resolve(),
});

beforeAll(async () => {
  api = await listen(
    http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ url: request.url ?? '', body });
        if (request.url === '/slow') return; // never answers
        const status = request.url?.startsWith('/fail') ? 500 : 200;
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ choices: [{ text: `echo ${body}` }], url: request.url }));
      });
    }),
  );
});
afterAll(async () => {
  transport.dispose();
  await api.close();
});

const methods: Record<string, MethodDefinition> = {
  complete: methodDefinitionSchema.parse({
    name: 'Complete',
    httpMethod: 'POST',
    path: '/complete',
    body: { kind: 'json', text: '{"prompt": "{{prompt}}"}' },
    outputs: [{ name: 'text', expression: 'response^choices[0]^text!' }],
  }),
  note: methodDefinitionSchema.parse({
    name: 'Note',
    httpMethod: 'POST',
    path: '/note',
    body: { kind: 'json', text: '{"text": "{{text}}"}' },
  }),
  fail: methodDefinitionSchema.parse({ name: 'Fail', httpMethod: 'GET', path: '/fail', isRetrySafe: false }),
  slow: methodDefinitionSchema.parse({ name: 'Slow', httpMethod: 'GET', path: '/slow', timeoutMs: 60_000 }),
};

const failing = methodDefinitionSchema.parse({ name: 'Unknown', httpMethod: 'GET', path: '/fail' });

function setUp(children: Record<string, unknown> = {}) {
  const runs = collectingHooks();
  const progress = runs.finishedSteps;
  const engine = createEngine({
    hooks: runs.hooks,
    capabilities: {
      sendMethod: ({ methodId, variables, signal }) =>
        http_.send({
          integrationId: 'i1',
          methodId,
          integration: integrationDefinitionSchema.parse({
            baseUrl: api.url,
            behaviour: { retry: { isEnabled: false } },
          }),
          method: methods[methodId] ?? failing,
          configuration: null,
          variables,
          signal,
        }),
      loadRunbook: (id) =>
        children[id] === undefined
          ? undefined
          : { graph: runbookGraphSchema.parse(children[id]), versionId: null, name: id, problem: null },
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('Cancelled.'));
          });
        }),
    },
  });
  return { engine, runs, progress };
}

/** The ChatGPT-style example: a POST whose output feeds a condition and a second POST. */
const chatGraph = runbookGraphSchema.parse({
  inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    {
      id: 'ask',
      name: 'Ask',
      type: 'method',
      methodId: 'complete',
      arguments: { prompt: 'Summarise {{inputs.ticket}}' },
    },
    {
      id: 'check',
      name: 'Answered?',
      type: 'condition',
      rules: [{ left: '{{steps.ask.outputs.text}}', operator: 'contains', right: 'Summarise' }],
    },
    {
      id: 'note',
      name: 'Note',
      type: 'method',
      methodId: 'note',
      arguments: { text: '{{steps.ask.outputs.text}}' },
    },
    { id: 'done', name: 'Done', type: 'end' },
    {
      id: 'empty',
      name: 'Empty',
      type: 'end',
      outcome: 'failed',
      message: 'No answer for {{inputs.ticket}}',
    },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'ask' },
    { from: 'ask', kind: 'success', to: 'check' },
    { from: 'check', kind: 'true', to: 'note' },
    { from: 'check', kind: 'false', to: 'empty' },
    { from: 'note', kind: 'success', to: 'done' },
  ],
});

describe('engine', () => {
  it('runs the ChatGPT example: an output feeds a condition and a second POST', async () => {
    const { engine, runs, progress } = setUp();
    const { runId, finished } = engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: chatGraph,
      inputs: { ticket: 'T-1' },
      trigger: 'manual',
    });
    expect(await finished).toMatchObject({ status: 'succeeded', error: null });
    const run = runs.get(runId);
    expect(run?.steps.map((step) => `${step.stepId}:${step.status}`)).toEqual([
      'start:succeeded',
      'ask:succeeded',
      'check:succeeded',
      'note:succeeded',
      'done:succeeded',
    ]);
    expect(run?.steps[1]?.outputs).toMatchObject({ text: 'echo {"prompt": "Summarise T-1"}', status: 200 });
    expect(JSON.parse(seen.at(-1)?.body ?? '{}')).toEqual({ text: 'echo {"prompt": "Summarise T-1"}' });
    expect(progress).toContain('note:succeeded');
  });

  it('fails a run whose required input is missing, naming it', async () => {
    const { engine } = setUp();
    const result = await engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: chatGraph,
      inputs: {},
      trigger: 'manual',
    }).finished;
    expect(result).toMatchObject({ status: 'failed', error: 'The input "ticket" is required.' });
  });

  it('follows a failure edge, and fails clearly when there is none', async () => {
    const { engine } = setUp();
    const steps = [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'call', name: 'Call', type: 'method', methodId: 'fail' },
      { id: 'handled', name: 'Handled', type: 'end', outcome: 'succeeded' },
    ];
    const withEdge = runbookGraphSchema.parse({
      steps,
      edges: [
        { from: 'start', kind: 'next', to: 'call' },
        { from: 'call', kind: 'failure', to: 'handled' },
      ],
    });
    expect(
      (
        await engine.start({
          runbookId: 'r1',
          versionId: null,
          graph: withEdge,
          inputs: {},
          trigger: 'manual',
        }).finished
      ).status,
    ).toBe('succeeded');
    const without = runbookGraphSchema.parse({ steps, edges: [{ from: 'start', kind: 'next', to: 'call' }] });
    const result = await engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: without,
      inputs: {},
      trigger: 'manual',
    }).finished;
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^"Call" failed: The API answered 500/);
  });

  it('takes the false edge of a condition to a failed End with its message, after Set variables and a Delay', async () => {
    const { engine, runs, progress } = setUp();
    const graph = runbookGraphSchema.parse({
      inputs: [{ name: 'count', type: 'number', defaultValue: '3' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'set',
          name: 'Set',
          type: 'setVariables',
          assignments: [{ name: 'limit', value: '{{inputs.count}}' }],
        },
        { id: 'wait', name: 'Wait', type: 'delay', seconds: '0.01' },
        {
          id: 'check',
          name: 'Big?',
          type: 'condition',
          rules: [{ left: '{{vars.limit}}', operator: 'greaterThan', right: '10' }],
        },
        { id: 'big', name: 'Big', type: 'end' },
        { id: 'small', name: 'Small', type: 'end', outcome: 'failed', message: 'Only {{vars.limit}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'set' },
        { from: 'set', kind: 'next', to: 'wait' },
        { from: 'wait', kind: 'next', to: 'check' },
        { from: 'check', kind: 'true', to: 'big' },
        { from: 'check', kind: 'false', to: 'small' },
      ],
    });
    const started = engine.start({ runbookId: 'r1', versionId: null, graph, inputs: {}, trigger: 'manual' });
    const result = await started.finished;
    expect(result).toMatchObject({ status: 'failed', error: 'Only 3', vars: { limit: 3 } });
    expect(progress.filter((entry) => entry.endsWith(':succeeded'))).toEqual([
      'start:succeeded',
      'set:succeeded',
      'wait:succeeded',
      'check:succeeded',
    ]);
    expect(runs.get(started.runId)?.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['set', 'succeeded'],
      ['wait', 'succeeded'],
      ['check', 'succeeded'],
      ['small', 'failed'],
    ]);
  });

  it('fails a step past its time limit and follows its failure edge; without one the run fails', async () => {
    const { engine } = setUp();
    const steps = [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'call', name: 'Call', type: 'method', methodId: 'slow', timeoutSeconds: 1 },
      { id: 'late', name: 'Late', type: 'end', outcome: 'failed', message: 'too slow' },
    ];
    const withEdge = runbookGraphSchema.parse({
      steps,
      edges: [
        { from: 'start', kind: 'next', to: 'call' },
        { from: 'call', kind: 'failure', to: 'late' },
      ],
    });
    const handled = await engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: withEdge,
      inputs: {},
      trigger: 'manual',
    }).finished;
    expect(handled).toMatchObject({ status: 'failed', error: 'too slow' });
    const delayed = runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'wait', name: 'Wait', type: 'delay', seconds: '30', timeoutSeconds: 1 },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'wait' },
        { from: 'wait', kind: 'next', to: 'done' },
      ],
    });
    const unhandled = await engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: delayed,
      inputs: {},
      trigger: 'manual',
    }).finished;
    expect(unhandled).toMatchObject({
      status: 'failed',
      error: '"Wait" failed: "Wait" did not finish within its 1 s timeout.',
    });
  });

  it('goes through a For each body once per item, with the item in scope', async () => {
    const { engine } = setUp();
    const graph = runbookGraphSchema.parse({
      inputs: [{ name: 'users', type: 'json' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'seed', name: 'Seed', type: 'setVariables', assignments: [{ name: 'last', value: '' }] },
        { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.users}}', itemVariable: 'user' },
        {
          id: 'collect',
          name: 'Collect',
          type: 'setVariables',
          assignments: [{ name: 'last', value: '{{vars.last}}{{user}}' }],
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'seed' },
        { from: 'seed', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'collect' },
        { from: 'collect', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'done' },
      ],
    });
    const result = await engine.start({
      runbookId: 'r1',
      versionId: null,
      graph,
      inputs: { users: '["a","b","c"]' },
      trigger: 'manual',
    }).finished;
    expect(result).toMatchObject({ status: 'succeeded', vars: { last: 'abc' } });
  });

  it('cancels a run that is waiting on a request', async () => {
    const { engine, runs } = setUp();
    const graph = runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'wait', name: 'Wait', type: 'method', methodId: 'slow' },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'wait' },
        { from: 'wait', kind: 'success', to: 'done' },
      ],
    });
    const { runId, finished } = engine.start({
      runbookId: 'r1',
      versionId: null,
      graph,
      inputs: {},
      trigger: 'manual',
    });
    setTimeout(() => engine.cancel(runId), 100);
    expect((await finished).status).toBe('cancelled');
    expect(runs.get(runId)?.status).toBe('cancelled');
  });

  it('runs a sub-runbook and takes its variables as outputs, up to a depth limit', async () => {
    const child = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'set',
          name: 'Set',
          type: 'setVariables',
          assignments: [{ name: 'greeting', value: 'hello {{inputs.who}}' }],
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      inputs: [{ name: 'who', type: 'string' }],
      edges: [
        { from: 'start', kind: 'next', to: 'set' },
        { from: 'set', kind: 'next', to: 'done' },
      ],
    };
    const recursive = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'again', name: 'Again', type: 'runRunbook', runbookId: 'r1' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'again' }],
    };
    const { engine } = setUp({ child, r1: recursive });
    const parent = runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'sub', name: 'Sub', type: 'runRunbook', runbookId: 'child', inputs: { who: 'Ada' } },
        { id: 'done', name: 'Done', type: 'end', message: '{{steps.sub.outputs.greeting}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'sub' },
        { from: 'sub', kind: 'success', to: 'done' },
      ],
    });
    expect(
      (
        await engine.start({ runbookId: 'r1', versionId: null, graph: parent, inputs: {}, trigger: 'manual' })
          .finished
      ).status,
    ).toBe('succeeded');
    const deep = await engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: runbookGraphSchema.parse(recursive),
      inputs: {},
      trigger: 'manual',
    }).finished;
    expect(deep.status).toBe('failed');
    expect(deep.error).toMatch(/nest at most 5 deep/);
  });

  /** Starts a draft run of `graph` (parsed here) as r1. */
  const run = (
    engine: ReturnType<typeof setUp>['engine'],
    graph: unknown,
    inputs: Record<string, unknown> = {},
  ) =>
    engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: runbookGraphSchema.parse(graph),
      inputs,
      trigger: 'manual',
    });

  it('can cancel an endless loop of quick steps, which never holds up the process', async () => {
    const { engine, runs } = setUp();
    const started = run(engine, {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'spin', name: 'Spin', type: 'setVariables', assignments: [{ name: 'x', value: '1' }] },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'spin' },
        { from: 'spin', kind: 'next', to: 'spin' },
      ],
    });
    setTimeout(() => engine.cancel(started.runId), 20);
    expect(await started.finished).toMatchObject({ status: 'cancelled' });
    const record = runs.get(started.runId);
    expect(record?.status).toBe('cancelled');
    expect(record?.steps.filter((step) => step.status === 'running')).toEqual([]);
  });

  it('fails the run when a Delay is given no number of seconds', async () => {
    const { engine } = setUp();
    const result = await run(engine, {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'wait', name: 'Wait', type: 'delay', seconds: 'soon' },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'wait' },
        { from: 'wait', kind: 'next', to: 'done' },
      ],
    }).finished;
    expect(result).toMatchObject({ status: 'failed' });
    expect(result.error).toBe('"Wait" failed: The delay must be 0 to 86400 seconds, not "soon".');
  });

  it('writes an object in an End message as JSON', async () => {
    const { engine } = setUp();
    const result = await run(
      engine,
      {
        inputs: [{ name: 'detail', type: 'json' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'stop', name: 'Stop', type: 'end', outcome: 'failed', message: '{{inputs.detail}}' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'stop' }],
      },
      { detail: '{"code":7}' },
    ).finished;
    expect(result).toMatchObject({ status: 'failed', error: '{"code":7}' });
  });

  it('starts an inner For each afresh on each outer item, even when its body left it early', async () => {
    const { engine } = setUp();
    const result = await run(
      engine,
      {
        inputs: [{ name: 'rows', type: 'json' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'seed', name: 'Seed', type: 'setVariables', assignments: [{ name: 'seen', value: '' }] },
          { id: 'rows', name: 'Rows', type: 'forEach', items: '{{inputs.rows}}', itemVariable: 'row' },
          { id: 'cells', name: 'Cells', type: 'forEach', items: '{{row}}', itemVariable: 'cell' },
          {
            id: 'stop',
            name: 'Stop?',
            type: 'condition',
            rules: [{ left: '{{cell}}', operator: 'equals', right: 'x' }],
          },
          {
            id: 'add',
            name: 'Add',
            type: 'setVariables',
            assignments: [{ name: 'seen', value: '{{vars.seen}}{{cell}}' }],
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'seed' },
          { from: 'seed', kind: 'next', to: 'rows' },
          { from: 'rows', kind: 'body', to: 'cells' },
          { from: 'rows', kind: 'done', to: 'done' },
          { from: 'cells', kind: 'body', to: 'stop' },
          { from: 'cells', kind: 'done', to: 'rows' },
          // "x" ends the row early: straight on to the next row.
          { from: 'stop', kind: 'true', to: 'rows' },
          { from: 'stop', kind: 'false', to: 'add' },
          { from: 'add', kind: 'next', to: 'cells' },
        ],
      },
      { rows: '[["a","x","b"],["c","d"]]' },
    ).finished;
    expect(result).toMatchObject({ status: 'succeeded', vars: { seen: 'acd' } });
  });

  it('keeps an outer loop item of the same name once an inner loop is done', async () => {
    const { engine } = setUp();
    const result = await run(
      engine,
      {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'seed', name: 'Seed', type: 'setVariables', assignments: [{ name: 'seen', value: '' }] },
          { id: 'outer', name: 'Outer', type: 'forEach', items: '{{inputs.list}}' },
          { id: 'inner', name: 'Inner', type: 'forEach', items: '{{inputs.list}}' },
          {
            id: 'add',
            name: 'Add',
            type: 'setVariables',
            assignments: [{ name: 'seen', value: '{{vars.seen}}{{item}}' }],
          },
          {
            id: 'tail',
            name: 'Tail',
            type: 'setVariables',
            assignments: [{ name: 'seen', value: '{{vars.seen}}|{{item}};' }],
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        inputs: [{ name: 'list', type: 'json' }],
        edges: [
          { from: 'start', kind: 'next', to: 'seed' },
          { from: 'seed', kind: 'next', to: 'outer' },
          { from: 'outer', kind: 'body', to: 'inner' },
          { from: 'outer', kind: 'done', to: 'done' },
          { from: 'inner', kind: 'body', to: 'add' },
          { from: 'add', kind: 'next', to: 'inner' },
          // After the inner loop, the outer item again.
          { from: 'inner', kind: 'done', to: 'tail' },
          { from: 'tail', kind: 'next', to: 'outer' },
        ],
      },
      { list: '[1,2]' },
    ).finished;
    expect(result).toMatchObject({ status: 'succeeded', vars: { seen: '12|1;12|2;' } });
  });

  it('says what a For each was given instead of an array', async () => {
    const { engine } = setUp();
    const result = await run(
      engine,
      {
        inputs: [{ name: 'list', type: 'json' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.list}}' },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'each' },
          { from: 'each', kind: 'body', to: 'each' },
          { from: 'each', kind: 'done', to: 'done' },
        ],
      },
      { list: 'null' },
    ).finished;
    expect(result.error).toBe('"Each" failed: "Each" needs an array to go through, not null.');
  });

  it('checks the type of inputs given as values rather than text', async () => {
    const { engine } = setUp();
    const graph = {
      inputs: [
        { name: 'count', type: 'number' },
        { name: 'flag', type: 'boolean' },
        { name: 'name', type: 'string' },
      ],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'set',
          name: 'Set',
          type: 'setVariables',
          assignments: [
            { name: 'count', value: '{{inputs.count}}' },
            { name: 'name', value: '{{inputs.name}}' },
          ],
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'set' },
        { from: 'set', kind: 'next', to: 'done' },
      ],
    };
    expect(await run(engine, graph, { count: 2, flag: true, name: 42 }).finished).toMatchObject({
      status: 'succeeded',
      vars: { count: 2, name: '42' },
    });
    expect(await run(engine, graph, { count: { n: 2 } }).finished).toMatchObject({
      status: 'failed',
      error: 'The input "count" must be a number, not {"n":2}.',
    });
    expect(await run(engine, graph, { flag: 'yes' }).finished).toMatchObject({
      status: 'failed',
      error: 'The input "flag" must be true or false, not "yes".',
    });
    expect(await run(engine, graph, { flag: 1 }).finished).toMatchObject({
      status: 'failed',
      error: 'The input "flag" must be true or false, not 1.',
    });
  });

  const slowChild = {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'wait', name: 'Wait', type: 'delay', seconds: '30' },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'wait' },
      { from: 'wait', kind: 'next', to: 'done' },
    ],
  };
  const callsChild = (timeoutSeconds?: number) => ({
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'sub', name: 'Sub', type: 'runRunbook', runbookId: 'child', timeoutSeconds },
      { id: 'done', name: 'Done', type: 'end' },
      { id: 'late', name: 'Late', type: 'end', outcome: 'failed', message: 'child too slow' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'sub' },
      { from: 'sub', kind: 'success', to: 'done' },
      { from: 'sub', kind: 'failure', to: 'late' },
    ],
  });
  /** The child runs, once none of them is still going. */
  const childRuns = async (runs: ReturnType<typeof setUp>['runs']) => {
    await expect.poll(() => runs.list('child').every((row) => row.finishedAt !== null)).toBe(true);
    return runs.list('child');
  };

  it('cancels a sub-runbook with the run that started it', async () => {
    const { engine, runs } = setUp({ child: slowChild });
    const started = run(engine, callsChild());
    setTimeout(() => engine.cancel(started.runId), 100);
    expect(await started.finished).toMatchObject({ status: 'cancelled' });
    expect(runs.get(started.runId)?.steps.map((step) => step.status)).toEqual(['succeeded', 'cancelled']);
    const [child] = await childRuns(runs);
    expect(child?.status).toBe('cancelled');
    expect(child?.steps.map((step) => step.status)).toEqual(['succeeded', 'cancelled']);
  });

  it('stops a sub-runbook past the step time limit and takes the failure edge', async () => {
    const { engine, runs } = setUp({ child: slowChild });
    expect(await run(engine, callsChild(1)).finished).toMatchObject({
      status: 'failed',
      error: 'child too slow',
    });
    const [child] = await childRuns(runs);
    expect(child?.status).toBe('cancelled');
  });

  it('cancels at once, and in a Delay inside a For each body', async () => {
    const { engine, runs } = setUp();
    const graph = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.list}}' },
        { id: 'wait', name: 'Wait', type: 'delay', seconds: '{{item}}' },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      inputs: [{ name: 'list', type: 'json', defaultValue: '[0, 30]' }],
      edges: [
        { from: 'start', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'wait' },
        { from: 'wait', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'done' },
      ],
    };
    const early = run(engine, graph);
    engine.cancel(early.runId);
    expect(await early.finished).toMatchObject({ status: 'cancelled' });
    expect(runs.get(early.runId)?.steps.map((step) => step.status)).toEqual(['cancelled']);

    const inLoop = run(engine, graph);
    setTimeout(() => engine.cancel(inLoop.runId), 100);
    expect(await inLoop.finished).toMatchObject({ status: 'cancelled' });
    expect(runs.get(inLoop.runId)?.steps.map((step) => `${step.stepId}:${step.status}`)).toEqual([
      'start:succeeded',
      'each:succeeded',
      'wait:succeeded',
      'each:succeeded',
      'wait:cancelled',
    ]);
    expect(engine.cancel(inLoop.runId)).toBe(false);
  });

  it('names the step whose variable is missing, and the step whose edge leads nowhere', async () => {
    const { engine, runs } = setUp();
    const missing = run(engine, {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'set',
          name: 'Set',
          type: 'setVariables',
          assignments: [{ name: 'a', value: 'x {{vars.nope}}' }],
        },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'set' }],
    });
    expect(await missing.finished).toMatchObject({
      status: 'failed',
      error: '"Set" failed: Unknown variable "vars.nope" at position 2',
    });
    expect(runs.get(missing.runId)?.steps[1]).toMatchObject({
      status: 'failed',
      error: 'Unknown variable "vars.nope" at position 2',
    });
    const nowhere = await run(engine, {
      steps: [{ id: 'start', name: 'Start', type: 'start' }],
      edges: [{ from: 'start', kind: 'next', to: 'gone' }],
    }).finished;
    expect(nowhere).toMatchObject({
      status: 'failed',
      error: '"Start" leads to a step that no longer exists.',
    });
  });

  it('gives an optional input left out as null, so a condition can ask whether it exists', async () => {
    const { engine } = setUp();
    const result = await run(engine, {
      inputs: [{ name: 'note', type: 'string' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'given',
          name: 'Given?',
          type: 'condition',
          rules: [{ left: '{{inputs.note}}', operator: 'exists' }],
        },
        { id: 'yes', name: 'Yes', type: 'end' },
        { id: 'no', name: 'No', type: 'end', outcome: 'failed', message: 'note: "{{inputs.note}}"' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'given' },
        { from: 'given', kind: 'true', to: 'yes' },
        { from: 'given', kind: 'false', to: 'no' },
      ],
    }).finished;
    expect(result).toMatchObject({ status: 'failed', error: 'note: ""' });
  });
});
