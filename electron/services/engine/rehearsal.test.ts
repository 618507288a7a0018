/** The engine's response sources against a real local API: pins, dry runs, their For each, child and failure paths. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinValueSchema, rehearsalOf, type PinValue } from '../../../shared/rehearsal/rehearsal';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { Engine } from './engine';
import type { FinishedStep } from './runHooks';
import type { CollectingHooks } from './testSupport/collectingHooks';
import { dryRunSource, liveSource, pinnedSource, type Rehearsal } from './responseSource';
import { startRehearsalHost, type RehearsalHost } from './testSupport/rehearsalHost';

let host: RehearsalHost;
beforeAll(async () => {
  host = await startRehearsalHost();
});
afterAll(() => host.close());

/** Looks a user up (GET), opens a ticket (POST) for them, ends with the ticket's id. */
const ticketGraph = {
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'lookup', name: 'Lookup', type: 'method', methodId: 'lookup', arguments: { who: 'ada' } },
    {
      id: 'open',
      name: 'Open',
      type: 'method',
      methodId: 'openTicket',
      arguments: { title: 'For {{steps.lookup.outputs.email}}' },
    },
    { id: 'done', name: 'Done', type: 'end', message: '{{steps.open.outputs.ticketId}}' },
    { id: 'broke', name: 'Broke', type: 'end', outcome: 'failed', message: 'open failed' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'lookup' },
    { from: 'lookup', kind: 'success', to: 'open' },
    { from: 'open', kind: 'success', to: 'done' },
    { from: 'open', kind: 'failure', to: 'broke' },
  ],
};

const run = (engine: Engine, graph: unknown, rehearsal?: Rehearsal, runbookId = 'parent') =>
  engine.start({
    runbookId,
    versionId: null,
    graph: runbookGraphSchema.parse(graph),
    inputs: {},
    trigger: 'manual',
    ...(rehearsal === undefined ? {} : { rehearsal }),
  });

const pin = (value: Partial<PinValue>): PinValue => pinValueSchema.parse({ status: 200, ...value });
const pinned = (pins: Record<string, PinValue>): Rehearsal => ({
  mode: 'live',
  sourceFor: (runbookId) =>
    runbookId === 'parent' ? pinnedSource(new Map(Object.entries(pins))) : liveSource,
});
const dryRun = (pins: Record<string, Record<string, PinValue>> = {}): Rehearsal => ({
  mode: 'dryRun',
  sourceFor: (runbookId) => dryRunSource(new Map(Object.entries(pins[runbookId] ?? {}))),
});

/** The finished records of one step of a run, in order. */
const recordsOf = (runs: CollectingHooks, runId: string, stepId: string): FinishedStep[] =>
  (runs.get(runId)?.steps ?? []).filter(
    (step): step is FinishedStep => step.stepId === stepId && step.status !== 'running',
  );

/** What the API receives while `body` runs. */
async function receivedDuring(body: () => Promise<unknown>): Promise<string[]> {
  const before = host.received.length;
  await body();
  return host.received.slice(before);
}

describe('pinned steps', () => {
  it('answers a pinned step with its pin, sends the others, and records which was pinned', async () => {
    const { engine, runs } = host.engine();
    let result;
    const received = await receivedDuring(async () => {
      const started = run(
        engine,
        ticketGraph,
        pinned({ lookup: pin({ outputs: { email: 'pin@example.com' } }) }),
      );
      result = await started.finished;
      const record = runs.get(started.runId);
      expect(record?.mode).toBe('live');
      const [lookup] = recordsOf(runs, started.runId, 'lookup');
      expect(lookup?.outputs).toEqual({ email: 'pin@example.com', status: 200 });
      expect(rehearsalOf(lookup?.response)).toEqual({ source: 'pin', wouldHaveSent: false });
      expect(rehearsalOf(recordsOf(runs, started.runId, 'open')[0]?.response)).toBeUndefined();
    });
    expect(result).toMatchObject({ status: 'succeeded', message: 'T-live' });
    expect(received).toEqual(['POST /tickets']);
  });

  it('follows the failure edge of a pin whose status is an error', async () => {
    const { engine } = host.engine();
    const received = await receivedDuring(async () => {
      const result = await run(engine, ticketGraph, pinned({ lookup: pin({}), open: pin({ status: 500 }) }))
        .finished;
      expect(result).toMatchObject({ status: 'failed', message: 'open failed' });
    });
    expect(received).toEqual([]);
  });

  it('sends everything in a run given no rehearsal (published versions, triggers, the command line)', async () => {
    const { engine, runs } = host.engine();
    const received = await receivedDuring(async () => {
      const started = run(engine, ticketGraph);
      await started.finished;
      const records = [
        ...recordsOf(runs, started.runId, 'lookup'),
        ...recordsOf(runs, started.runId, 'open'),
      ];
      expect(records.map((step) => rehearsalOf(step.response))).toEqual([undefined, undefined]);
    });
    expect(received).toEqual(['GET /users/ada', 'POST /tickets']);
  });
});

describe('dry runs', () => {
  it('sends GET only, records the POST it would have sent and goes on with the example response', async () => {
    const { engine, runs } = host.engine();
    const received = await receivedDuring(async () => {
      const started = run(engine, ticketGraph, dryRun());
      expect(await started.finished).toMatchObject({ status: 'succeeded', message: 'T-example' });
      const record = runs.get(started.runId);
      expect(record?.mode).toBe('dryRun');
      const [open] = recordsOf(runs, started.runId, 'open');
      expect(open?.request).toMatchObject({
        method: 'POST',
        url: `${host.api.url}/tickets`,
        body: '{"title": "For live@example.com"}',
      });
      expect(rehearsalOf(open?.response)).toEqual({ source: 'example', wouldHaveSent: true });
      expect(open?.outputs).toEqual({ ticketId: 'T-example', status: 201 });
    });
    expect(received).toEqual(['GET /users/ada']);
  });

  it('says so when a method it holds back has no example: 200 and an empty body, marked as no example', async () => {
    const { engine, runs } = host.engine();
    const graph = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'close', name: 'Close', type: 'method', methodId: 'closeTicket', arguments: { id: 'T-1' } },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'close' },
        { from: 'close', kind: 'success', to: 'done' },
      ],
    };
    const received = await receivedDuring(async () => {
      const started = run(engine, graph, dryRun());
      expect(await started.finished).toMatchObject({ status: 'succeeded' });
      const [close] = recordsOf(runs, started.runId, 'close');
      expect(close?.request).toMatchObject({ method: 'DELETE', url: `${host.api.url}/tickets/T-1` });
      expect(rehearsalOf(close?.response)).toEqual({
        source: 'example',
        wouldHaveSent: true,
        hasNoExample: true,
      });
      expect(close?.response).toMatchObject({ status: 200, statusText: 'No example', body: '' });
    });
    expect(received).toEqual([]);
  });

  it('sends a method marked safe, and answers an unsafe one from its pin', async () => {
    const { engine } = host.engine();
    const graph = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'search', name: 'Search', type: 'method', methodId: 'search' },
        { id: 'open', name: 'Open', type: 'method', methodId: 'openTicket', arguments: { title: 'x' } },
        {
          id: 'done',
          name: 'Done',
          type: 'end',
          message: '{{steps.search.outputs.hits}} {{steps.open.outputs.ticketId}}',
        },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'search' },
        { from: 'search', kind: 'success', to: 'open' },
        { from: 'open', kind: 'success', to: 'done' },
      ],
    };
    const received = await receivedDuring(async () => {
      const result = await run(
        engine,
        graph,
        dryRun({ parent: { open: pin({ outputs: { ticketId: 'T-pin' } }) } }),
      ).finished;
      expect(result).toMatchObject({ status: 'succeeded', message: '3 T-pin' });
    });
    expect(received).toEqual(['POST /search']);
  });

  it('sends no DELETE inside a For each, recording each one it would have sent', async () => {
    const { engine, runs } = host.engine();
    const graph = {
      inputs: [{ name: 'ids', type: 'json', defaultValue: '["a", "b"]' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.ids}}', itemVariable: 'id' },
        { id: 'close', name: 'Close', type: 'method', methodId: 'closeTicket', arguments: { id: '{{id}}' } },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'close' },
        { from: 'close', kind: 'success', to: 'each' },
        { from: 'each', kind: 'done', to: 'done' },
      ],
    };
    const received = await receivedDuring(async () => {
      const started = run(engine, graph, dryRun());
      expect((await started.finished).status).toBe('succeeded');
      const closes = recordsOf(runs, started.runId, 'close');
      expect(closes.map((step) => (step.request as { url: string }).url)).toEqual([
        `${host.api.url}/tickets/a`,
        `${host.api.url}/tickets/b`,
      ]);
    });
    expect(received).toEqual([]);
  });

  it('dry-runs a sub-runbook too, with the child’s own pins', async () => {
    const child = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'open', name: 'Open', type: 'method', methodId: 'openTicket', arguments: { title: 'child' } },
        {
          id: 'set',
          name: 'Set',
          type: 'setVariables',
          assignments: [{ name: 'ticket', value: '{{steps.open.outputs.ticketId}}' }],
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'open' },
        { from: 'open', kind: 'success', to: 'set' },
        { from: 'set', kind: 'next', to: 'done' },
      ],
    };
    const parent = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'sub', name: 'Sub', type: 'runRunbook', runbookId: 'child' },
        { id: 'done', name: 'Done', type: 'end', message: '{{steps.sub.outputs.ticket}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'sub' },
        { from: 'sub', kind: 'success', to: 'done' },
      ],
    };
    const { engine, runs } = host.engine({ child });
    const received = await receivedDuring(async () => {
      const started = run(
        engine,
        parent,
        dryRun({ child: { open: pin({ outputs: { ticketId: 'T-child-pin' } }) } }),
      );
      expect(await started.finished).toMatchObject({ status: 'succeeded', message: 'T-child-pin' });
      const [childRun] = runs.list('child');
      expect(childRun?.mode).toBe('dryRun');
      expect(recordsOf(runs, started.runId, 'sub')[0]?.response).toEqual({ childRunId: childRun?.runId });
    });
    expect(received).toEqual([]);
  });
});
