/**
 * A window on one process sees the runs another process on the same data folder records: its
 * backend publishes them as its own (runs.changed, runs.stepChanged) within seconds. Two backends
 * on one temp folder stand for the app and `serve`.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { oneStepDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** The app and `serve` on one data folder, and every event the app publishes. */
function appBesideServe() {
  const dataDirectory = temporaryDirectory();
  const app = startBackend(dataDirectory);
  const serve = startBackend(dataDirectory);
  const heard: ApiEventMessage[] = [];
  app.events.onDidEmit((message) => heard.push(message));
  return { app, serve, heard };
}

describe('runs recorded by another process on the data folder', () => {
  it('are published here as they start, go step by step and end', async () => {
    const { app, serve, heard } = appBesideServe();
    const { call } = inProcessApi(serve);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Wait a moment' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds: '2' }),
    });
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    expect((await waitForRun(serve, runId)).status).toBe('succeeded');

    // Bounded (5 s): the app looks once a second.
    const endOf = () =>
      heard.find(
        (message) =>
          message.name === 'runs.changed' &&
          message.payload.run.id === runId &&
          message.payload.run.status === 'succeeded',
      );
    for (let attempt = 0; attempt < 100 && endOf() === undefined; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const told = heard.filter(
      (message) =>
        (message.name === 'runs.changed' && message.payload.run.id === runId) ||
        (message.name === 'runs.stepChanged' && message.payload.runId === runId),
    );
    // Seen while it waited, then ended, with its steps' records as they ended.
    expect(told).toContainEqual({
      name: 'runs.changed',
      payload: { run: expect.objectContaining({ id: runId, runbookId, status: 'running' }) },
    });
    expect(endOf()).toBeDefined();
    const lastOfEachStep = new Map<string, string>();
    for (const message of told)
      if (message.name === 'runs.stepChanged')
        lastOfEachStep.set(message.payload.step.stepId, message.payload.step.status);
    expect(Object.fromEntries(lastOfEachStep)).toEqual({
      start: 'succeeded',
      wait: 'succeeded',
      done: 'succeeded',
    });
    // What the app says agrees with what it then reads.
    const read = await inProcessApi(app).call('runs.get', { id: runId });
    expect(read.steps.map((step) => step.stepId)).toEqual(['start', 'wait', 'done']);
  });

  it('tell every step record of a run that wrote more than one look reads, though it ended meanwhile', async () => {
    const { app, serve, heard } = appBesideServe();
    const { call } = inProcessApi(serve);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Many records' } });
    // A For each of 400 items: two records an item (the loop's and its body's), over 800 in all,
    // written within a second or two.
    await call('runbooks.update', {
      id: runbookId,
      draft: {
        inputs: [{ name: 'items', type: 'json' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.items}}', itemVariable: 'item' },
          {
            id: 'keep',
            name: 'Keep',
            type: 'setVariables',
            assignments: [{ name: 'last', value: '{{item}}' }],
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'each' },
          { from: 'each', kind: 'body', to: 'keep' },
          { from: 'keep', kind: 'next', to: 'each' },
          { from: 'each', kind: 'done', to: 'done' },
        ],
        positions: {
          start: { x: 0, y: 0 },
          each: { x: 0, y: 120 },
          keep: { x: 240, y: 120 },
          done: { x: 0, y: 240 },
        },
      },
    });
    const items = JSON.stringify(Array.from({ length: 400 }, (_, index) => index));
    const { runId } = await call('runs.start', { runbookId, inputs: { items } });
    expect((await waitForRun(serve, runId, 60)).status).toBe('succeeded');
    const recorded = (await inProcessApi(app).call('runs.get', { id: runId })).steps.length;
    expect(recorded).toBeGreaterThan(800);

    const toldSeqs = () =>
      new Set(
        heard.flatMap((message) =>
          message.name === 'runs.stepChanged' && message.payload.runId === runId
            ? [message.payload.step.seq]
            : [],
        ),
      );
    // Bounded (10 s): the app looks once a second, 500 records a look.
    for (let attempt = 0; attempt < 200 && toldSeqs().size < recorded; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(toldSeqs().size).toBe(recorded);
    // The run is told ended once all its records are told, not before.
    const endIndex = heard.findIndex(
      (message) =>
        message.name === 'runs.changed' &&
        message.payload.run.id === runId &&
        message.payload.run.status === 'succeeded',
    );
    const lastStepIndex = heard.findLastIndex(
      (message) => message.name === 'runs.stepChanged' && message.payload.runId === runId,
    );
    expect(endIndex).toBeGreaterThan(lastStepIndex);
  });

  it('are not told again of this process’s own runs', async () => {
    const dataDirectory = temporaryDirectory();
    const app = startBackend(dataDirectory);
    const serve = startBackend(dataDirectory);
    const { call } = inProcessApi(app);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Quick' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds: '0' }),
    });
    const ends: string[] = [];
    app.events.onDidEmit((message) => {
      if (message.name === 'runs.changed' && message.payload.run.status === 'succeeded')
        ends.push(message.payload.run.id);
    });
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    await waitForRun(app, runId);
    // The other process commits, so the app looks at the folder again.
    await inProcessApi(serve).call('runbooks.create', { details: { name: 'Other' } });
    // Two looks of the watcher (a second each) after the run ended.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(ends).toEqual([runId]);
  });
});
