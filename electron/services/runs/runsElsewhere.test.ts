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

describe('runs recorded by another process on the data folder', () => {
  it('are published here as they start, go step by step and end', async () => {
    const dataDirectory = temporaryDirectory();
    const app = startBackend(dataDirectory);
    const serve = startBackend(dataDirectory);
    const heard: ApiEventMessage[] = [];
    app.events.onDidEmit((message) => heard.push(message));
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
