/** Debug runs against a real local API: pauses at breakpoints, Continue, Step over, Stop, cancel, timeout, context. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebugPause } from '../../../shared/rehearsal/debugging';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { createDebugSession, type DebugSession } from './debugSession';
import type { Engine } from './engine';
import { startRehearsalHost, type RehearsalHost } from './testSupport/rehearsalHost';

let host: RehearsalHost;
beforeAll(async () => {
  host = await startRehearsalHost();
});
afterAll(() => host.close());

/** Looks a user up, opens a ticket for them, sets a variable, ends. */
const ticketGraph = {
  inputs: [{ name: 'who', type: 'string', defaultValue: 'ada' }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    {
      id: 'lookup',
      name: 'Lookup',
      type: 'method',
      methodId: 'lookup',
      arguments: { who: '{{inputs.who}}' },
    },
    {
      id: 'open',
      name: 'Open',
      type: 'method',
      methodId: 'openTicket',
      arguments: { title: 'For {{steps.lookup.outputs.email}} ({{inputs.who}})' },
    },
    {
      id: 'set',
      name: 'Set',
      type: 'setVariables',
      assignments: [{ name: 'ticket', value: '{{steps.open.outputs.ticketId}}' }],
    },
    { id: 'done', name: 'Done', type: 'end', message: '{{vars.ticket}}' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'lookup' },
    { from: 'lookup', kind: 'success', to: 'open' },
    { from: 'open', kind: 'success', to: 'set' },
    { from: 'set', kind: 'next', to: 'done' },
  ],
};

/** A debug session whose pauses can be awaited one by one. */
function debugging(breakpoints: string[], timeoutMs?: number) {
  const pauses: DebugPause[] = [];
  const waiters: ((pause: DebugPause) => void)[] = [];
  const session: DebugSession = createDebugSession({
    runbookId: 'parent',
    breakpoints,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onPauseChanged: (pause) => {
      if (pause === null) return;
      const waiter = waiters.shift();
      if (waiter === undefined) pauses.push(pause);
      else waiter(pause);
    },
  });
  const nextPause = () =>
    new Promise<DebugPause>((resolve) => {
      const already = pauses.shift();
      if (already === undefined) waiters.push(resolve);
      else resolve(already);
    });
  return { session, nextPause };
}

const debugRun = (engine: Engine, session: DebugSession, graph: unknown = ticketGraph, extra = {}) =>
  engine.start({
    runbookId: 'parent',
    versionId: null,
    graph: runbookGraphSchema.parse(graph),
    inputs: {},
    trigger: 'manual',
    pauseGate: session.gate,
    ...extra,
  });

/** The requests the API received since `before`. */
const receivedSince = (before: number) => host.received.slice(before);

describe('debug runs', () => {
  it('pauses before each breakpoint, shows the context there, and continues to the end', async () => {
    const { engine, runs } = host.engine();
    const { session, nextPause } = debugging(['open', 'done']);
    const before = host.received.length;
    const started = debugRun(engine, session);

    expect(await nextPause()).toMatchObject({ stepId: 'open', seq: 3, reason: 'breakpoint' });
    // Paused before "Open": only the lookup went out, and the run is still going.
    expect(receivedSince(before)).toEqual(['GET /users/ada']);
    expect(runs.get(started.runId)?.status).toBe('running');
    expect(runs.get(started.runId)?.steps.map((step) => step.stepId)).toEqual(['start', 'lookup']);
    const context = session.context();
    expect(context).toMatchObject({
      inputs: { who: 'ada' },
      steps: { lookup: { status: 'succeeded', outputs: { email: 'live@example.com' } } },
      fields: [
        {
          template: 'For {{steps.lookup.outputs.email}} ({{inputs.who}})',
          value: 'For live@example.com (ada)',
        },
      ],
    });

    expect(session.continueRun()).toBe(true);
    expect(await nextPause()).toMatchObject({ stepId: 'done', seq: 5 });
    expect(session.context()?.vars).toEqual({ ticket: 'T-live' });
    expect(session.context()?.fields).toEqual([
      { template: '{{vars.ticket}}', value: 'T-live', error: null },
    ]);
    session.continueRun();

    expect(await started.finished).toMatchObject({ status: 'succeeded', message: 'T-live' });
    expect(receivedSince(before)).toEqual(['GET /users/ada', 'POST /tickets']);
    expect(session.pause()).toBeNull();
    expect(session.hasEnded()).toBe(true);
  });

  it('steps over one step and pauses again before the next', async () => {
    const { engine } = host.engine();
    const { session, nextPause } = debugging(['lookup']);
    const started = debugRun(engine, session);
    expect((await nextPause()).stepId).toBe('lookup');
    session.stepOver();
    expect(await nextPause()).toMatchObject({ stepId: 'open', reason: 'stepOver' });
    session.stepOver();
    expect((await nextPause()).stepId).toBe('set');
    // Continue: no breakpoint after it, so it runs to the end.
    session.continueRun();
    expect((await started.finished).status).toBe('succeeded');
  });

  it('takes new breakpoints with a command', async () => {
    const { engine } = host.engine();
    const { session, nextPause } = debugging(['lookup']);
    const started = debugRun(engine, session);
    await nextPause();
    session.continueRun(['set']);
    expect((await nextPause()).stepId).toBe('set');
    session.continueRun();
    expect((await started.finished).status).toBe('succeeded');
  });

  it('stops a paused run as cancelled, keeping the records of the steps it ran', async () => {
    const { engine, runs } = host.engine();
    const { session, nextPause } = debugging(['open']);
    const before = host.received.length;
    const started = debugRun(engine, session);
    await nextPause();
    expect(session.stop()).toBe(true);
    expect(await started.finished).toMatchObject({ status: 'cancelled', error: 'Stopped in the debugger.' });
    expect(runs.get(started.runId)?.steps.map((step) => `${step.stepId}:${step.status}`)).toEqual([
      'start:succeeded',
      'lookup:succeeded',
    ]);
    expect(receivedSince(before)).toEqual(['GET /users/ada']);
    expect(session.stop()).toBe(false);
  });

  it('ends a run cancelled while paused as cancelled', async () => {
    const { engine, runs } = host.engine();
    const { session, nextPause } = debugging(['open']);
    const started = debugRun(engine, session);
    await nextPause();
    expect(engine.cancel(started.runId)).toBe(true);
    expect(await started.finished).toMatchObject({ status: 'cancelled', error: 'Cancelled.' });
    expect(runs.get(started.runId)?.status).toBe('cancelled');
    expect(session.pause()).toBeNull();
  });

  it('stops a run left paused past the timeout, saying why', async () => {
    const { engine } = host.engine();
    const { session, nextPause } = debugging(['open'], 20);
    const started = debugRun(engine, session);
    await nextPause();
    const result = await started.finished;
    expect(result.status).toBe('cancelled');
    expect(result.error).toMatch(/stayed paused at "Open" for 20 ms with no Continue, Step over or Stop/);
  });

  it('lets other runs go on while one is paused', async () => {
    const { engine } = host.engine();
    const { session, nextPause } = debugging(['open']);
    const paused = debugRun(engine, session);
    await nextPause();
    const other = engine.start({
      runbookId: 'parent',
      versionId: null,
      graph: runbookGraphSchema.parse(ticketGraph),
      inputs: {},
      trigger: 'manual',
    });
    expect((await other.finished).status).toBe('succeeded');
    session.continueRun();
    expect((await paused.finished).status).toBe('succeeded');
  });

  it('masks the run’s secrets in the context and the resolved fields', async () => {
    const { engine } = host.engine();
    const { session, nextPause } = debugging(['open']);
    const started = debugRun(engine, session, ticketGraph, {
      inputs: { who: 'hunter2-secret' },
      maskedValues: ['hunter2-secret'],
    });
    await nextPause();
    const context = session.context();
    expect(context?.inputs).toEqual({ who: '••••' });
    expect(context?.fields[0]?.value).toBe('For live@example.com (••••)');
    expect(JSON.stringify(context)).not.toContain('hunter2');
    session.continueRun();
    expect((await started.finished).status).toBe('succeeded');
  });

  it('says which template cannot be resolved instead of failing the pause', async () => {
    const { engine } = host.engine();
    const { session, nextPause } = debugging(['lookup']);
    const graph = structuredClone(ticketGraph);
    graph.steps[1] = {
      ...graph.steps[1],
      arguments: { who: '{{inputs.nobody}}' },
    } as (typeof graph.steps)[1];
    const started = debugRun(engine, session, graph);
    await nextPause();
    expect(session.context()?.fields[0]).toMatchObject({
      value: null,
      error: expect.stringMatching(/nobody/),
    });
    session.stop();
    expect((await started.finished).status).toBe('cancelled');
  });

  it('pauses at a breakpoint inside a For each on every item, with the item in the context', async () => {
    const { engine } = host.engine();
    const { session, nextPause } = debugging(['close']);
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
    const started = debugRun(engine, session, graph);
    await nextPause();
    expect(session.context()).toMatchObject({ items: { id: 'a' }, fields: [{ value: 'a' }] });
    session.continueRun();
    await nextPause();
    expect(session.context()).toMatchObject({ items: { id: 'b' }, fields: [{ value: 'b' }] });
    session.continueRun();
    expect((await started.finished).status).toBe('succeeded');
  });

  it('runs a sub-runbook as one step: breakpoints do not apply inside it', async () => {
    const child = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'open', name: 'Open', type: 'method', methodId: 'openTicket', arguments: { title: 'child' } },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'open' },
        { from: 'open', kind: 'success', to: 'done' },
      ],
    };
    const parent = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'sub', name: 'Sub', type: 'runRunbook', runbookId: 'child' },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'sub' },
        { from: 'sub', kind: 'success', to: 'done' },
      ],
    };
    const { engine, runs } = host.engine({ child });
    // "open" names a step of the child only: the child runs through it without pausing.
    const { session, nextPause } = debugging(['sub', 'open']);
    const started = debugRun(engine, session, parent);
    expect((await nextPause()).stepId).toBe('sub');
    session.stepOver();
    expect((await nextPause()).stepId).toBe('done');
    expect(runs.list('child')[0]?.status).toBe('succeeded');
    session.continueRun();
    expect((await started.finished).status).toBe('succeeded');
  });
});
