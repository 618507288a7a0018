/** The recorder hooks: a run written to real SQLite through the engine, and what its events carry. */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { createRunRepository } from '../db/repositories/runRepository';
import { createWriteBehind } from '../db/writeBehind';
import { createEngine } from '../engine/engine';
import { createEventBus } from '../events/eventBus';
import { insertRunbook, temporaryDatabase } from '../testSupport/temporaryDatabase';
import { createRunRecorder } from './runRecorder';
import { maxSummaryTextChars } from './stepSummary';

function setUp(maxHistoryChars?: number) {
  const db = temporaryDatabase();
  insertRunbook(db);
  const writes = createWriteBehind(db);
  const runs = createRunRepository(db, writes);
  const events = createEventBus();
  const seen: ApiEventMessage[] = [];
  events.onDidEmit((message) => seen.push(message));
  const recorder = createRunRecorder({
    runs,
    events,
    ...(maxHistoryChars === undefined ? {} : { maxHistoryChars }),
  });
  const engine = createEngine({
    hooks: recorder.hooks,
    capabilities: {
      sendMethod: () => Promise.reject(new Error('no requests here')),
      loadRunbook: () => undefined,
      sleep: () => Promise.resolve(),
    },
  });
  return { db, runs, writes, recorder, engine, seen };
}

/** Start → Set variables (a short and a long text, an object) → End. */
const graph = runbookGraphSchema.parse({
  inputs: [{ name: 'who', type: 'string', defaultValue: 'Ada' }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    {
      id: 'set',
      name: 'Set',
      type: 'setVariables',
      assignments: [
        { name: 'greeting', value: 'hello {{inputs.who}}' },
        { name: 'long', value: 'x'.repeat(5_000) },
        { name: 'list', value: '{{inputs}}' },
      ],
    },
    { id: 'done', name: 'Done', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'set' },
    { from: 'set', kind: 'next', to: 'done' },
  ],
});

const start = (engine: ReturnType<typeof setUp>['engine'], runId?: string) =>
  engine.start({
    runbookId: 'r1',
    versionId: null,
    graph,
    inputs: {},
    trigger: 'manual',
    ...(runId === undefined ? {} : { runId }),
  });

describe('run recorder', () => {
  it('writes the run and every step record to the database', async () => {
    const { engine, runs } = setUp();
    const { runId, finished } = start(engine);
    await finished;
    const run = runs.get(runId);
    expect(run).toMatchObject({ status: 'succeeded', inputs: { who: 'Ada' }, error: null });
    expect(run?.finishedAt).not.toBeNull();
    expect(run?.steps.map((step) => `${String(step.seq)}:${step.stepId}:${step.status}`)).toEqual([
      '1:start:succeeded',
      '2:set:succeeded',
      '3:done:succeeded',
    ]);
    expect(run?.steps[1]?.outputs).toMatchObject({ greeting: 'hello Ada', long: 'x'.repeat(5_000) });
  });

  it('publishes the run as it changes and each step with its short outputs, never more', async () => {
    const { engine, seen } = setUp();
    const { runId, finished } = start(engine);
    await finished;
    const runEvents = seen.flatMap((message) =>
      message.name === 'runs.changed' ? [message.payload.run] : [],
    );
    expect(runEvents.map((run) => run.status)).toEqual(['queued', 'running', 'running', 'succeeded']);
    expect(runEvents.every((run) => run.id === runId && run.runbookId === 'r1')).toBe(true);
    expect(runEvents.at(-1)).toMatchObject({ inputs: { who: 'Ada' }, error: null });
    const stepEvents = seen.flatMap((message) =>
      message.name === 'runs.stepChanged' ? [message.payload] : [],
    );
    expect(stepEvents.map(({ step }) => `${step.stepId}:${step.status}`)).toEqual([
      'start:running',
      'start:succeeded',
      'set:running',
      'set:succeeded',
      'done:running',
      'done:succeeded',
    ]);
    const set = stepEvents[3]?.step;
    expect(set).toMatchObject({ seq: 2, stepType: 'setVariables', isComplete: false, error: null });
    expect(set?.outputs.greeting).toBe('hello Ada');
    expect(set?.outputs.long).toBe(`${'x'.repeat(maxSummaryTextChars)}…`);
    expect(set?.outputs).not.toHaveProperty('list');
    expect(stepEvents[1]?.step.isComplete).toBe(true);
    expect(JSON.stringify(stepEvents).length).toBeLessThan(3_000);
  });

  it('refuses a run id that already has a run', async () => {
    const { engine } = setUp();
    const runId = '3b241101-e2bb-4255-8caf-4136c566a962';
    await start(engine, runId).finished;
    expect(() => start(engine, runId)).toThrow(expect.objectContaining({ code: 'conflict', field: 'runId' }));
  });

  it('stops a run before its next step while the disk is full', () => {
    const { recorder, writes } = setUp();
    expect(recorder.hooks.stopBeforeStep('run', 'Create ticket')).toBeUndefined();
    writes.fault = () => 'full';
    expect(recorder.hooks.stopBeforeStep('run', 'Create ticket')).toMatch(
      /^The disk is full, so the run stopped before "Create ticket"/,
    );
  });

  it('stops a run before its next step once its records pass what a run may keep', async () => {
    const { engine, runs } = setUp(1_000_000);
    // Each pass of the loop keeps a 100 KB variable: 50 passes would keep 5 MB.
    const { runId, finished } = engine.start({
      runbookId: 'r1',
      versionId: null,
      graph: runbookGraphSchema.parse({
        inputs: [{ name: 'items', type: 'json' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.items}}' },
          {
            id: 'big',
            name: 'Big',
            type: 'setVariables',
            assignments: [{ name: 'page', value: 'x'.repeat(100_000) }],
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'each' },
          { from: 'each', kind: 'body', to: 'big' },
          { from: 'big', kind: 'next', to: 'each' },
          { from: 'each', kind: 'done', to: 'done' },
        ],
      }),
      inputs: { items: Array.from({ length: 50 }, (_, index) => index) },
      trigger: 'manual',
    });
    await finished;
    const run = runs.get(runId);
    expect(run?.status).toBe('failed');
    expect(run?.error).toBe(
      'The run stopped before "Each": its records passed 1 MB. A step keeps a very large output or ' +
        'variable, and every pass of a loop keeps its own: keep a smaller part of it.',
    );
    const passes = run?.steps.filter((step) => step.stepId === 'big') ?? [];
    expect(passes).toHaveLength(10);
    expect(passes.every((step) => step.outputs.page === 'x'.repeat(100_000))).toBe(true);
  });

  it('once closed, writes and publishes nothing, and lets no changing request go', async () => {
    const { engine, recorder, runs, seen } = setUp();
    const { runId, finished } = start(engine);
    recorder.close();
    const eventsBefore = seen.length;
    await finished;
    expect(seen.length).toBe(eventsBefore);
    // Left unfinished on disk: the next start marks it interrupted.
    expect(runs.get(runId)?.finishedAt).toBeNull();
    await expect(
      recorder.hooks.beforeChangingRequest({ runId, seq: 2 }, [], new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'The app is closing, so the request was not sent.',
    });
  });
});
