/**
 * A run's result: the message of the End step it ended at, resolved in the run's scope, kept
 * with the run (masked, bounded) for both outcomes, published with it and answered by runs.get
 * and runs.list.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { createRunRepository } from '../db/repositories/runRepository';
import { createWriteBehind } from '../db/writeBehind';
import { maxResultMessageChars } from '../engine/boundedRecord';
import { createEngine } from '../engine/engine';
import { createEventBus } from '../events/eventBus';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { insertRunbook, temporaryDatabase } from '../testSupport/temporaryDatabase';
import { inProcessApi } from '../testSupport/typedApi';
import { createRunRecorder } from './runRecorder';

function setUp() {
  const db = temporaryDatabase();
  insertRunbook(db);
  const runs = createRunRepository(db, createWriteBehind(db));
  const events = createEventBus();
  const seen: ApiEventMessage[] = [];
  events.onDidEmit((message) => seen.push(message));
  const engine = createEngine({
    hooks: createRunRecorder({ runs, events }).hooks,
    capabilities: {
      sendMethod: () => Promise.reject(new Error('no requests here')),
      loadRunbook: () => undefined,
      sleep: () => Promise.resolve(),
    },
  });
  return { runs, engine, seen };
}

/** Start → Set variables → End with the given outcome and message. */
const endingWith = (outcome: 'succeeded' | 'failed', message: string) =>
  runbookGraphSchema.parse({
    inputs: [{ name: 'who', type: 'string', defaultValue: 'Ada' }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'set',
        name: 'Count',
        type: 'setVariables',
        assignments: [{ name: 'closed', value: '3' }],
      },
      { id: 'done', name: 'Done', type: 'end', outcome, message },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'set' },
      { from: 'set', kind: 'next', to: 'done' },
    ],
  });

async function runToEnd(
  outcome: 'succeeded' | 'failed',
  message: string,
  extra: { inputs?: Record<string, unknown>; maskedValues?: string[] } = {},
) {
  const { runs, engine, seen } = setUp();
  const { runId, finished } = engine.start({
    runbookId: 'r1',
    versionId: null,
    graph: endingWith(outcome, message),
    inputs: extra.inputs ?? {},
    trigger: 'manual',
    ...(extra.maskedValues === undefined ? {} : { maskedValues: extra.maskedValues }),
  });
  const result = await finished;
  const published = seen.flatMap((event) => (event.name === 'runs.changed' ? [event.payload.run] : []));
  return { result, recorded: runs.get(runId), listed: runs.list({ limit: 10 }), published };
}

describe("a run's result message", () => {
  it('keeps the message of a Succeeded End, resolved, as the result; no error', async () => {
    const { result, recorded, listed, published } = await runToEnd(
      'succeeded',
      'Closed {{vars.closed}} tickets for {{inputs.who}}',
    );
    expect(result).toMatchObject({ status: 'succeeded', message: 'Closed 3 tickets for Ada', error: null });
    expect(recorded).toMatchObject({ status: 'succeeded', message: 'Closed 3 tickets for Ada', error: null });
    expect(listed[0]).toMatchObject({ message: 'Closed 3 tickets for Ada' });
    expect(published.map((run) => run.message)).toEqual([null, null, null, 'Closed 3 tickets for Ada']);
  });

  it('keeps the message of a Failed End as the result, and as the error as before', async () => {
    const { recorded, published } = await runToEnd('failed', 'No ticket for {{inputs.who}}');
    expect(recorded).toMatchObject({
      status: 'failed',
      message: 'No ticket for Ada',
      error: 'No ticket for Ada',
    });
    expect(published.at(-1)).toMatchObject({ status: 'failed', message: 'No ticket for Ada' });
  });

  it('has none when the End says nothing (a Failed End still gives its reason as the error)', async () => {
    expect((await runToEnd('succeeded', '')).recorded).toMatchObject({ message: null, error: null });
    expect((await runToEnd('failed', '')).recorded).toMatchObject({
      message: null,
      error: 'Ended at "Done".',
    });
  });

  it('masks a value the run must not keep (a webhook credential) in the message', async () => {
    const secret = 'hook-secret-7f3a91';
    const { recorded, published } = await runToEnd('succeeded', 'Called with {{inputs.who}}', {
      inputs: { who: secret },
      maskedValues: [secret],
    });
    expect(recorded?.message).toBe('Called with ••••');
    expect(JSON.stringify(published)).not.toContain(secret);
  });

  it('cuts a message too long to list with every run', async () => {
    const { recorded } = await runToEnd('succeeded', 'y'.repeat(maxResultMessageChars + 500));
    expect(recorded?.message).toBe(`${'y'.repeat(maxResultMessageChars)}…`);
  });

  it('cuts a failed End’s message of 1 MB as the run’s error too, in runs.list', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Report' } });
    await api.call('runbooks.update', { id: runbookId, draft: endingWith('failed', '{{inputs.who}}') });
    const { runId } = await api.call('runs.start', { runbookId, inputs: { who: 'y'.repeat(1_000_000) } });
    const cut = `${'y'.repeat(maxResultMessageChars)}…`;
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'failed', message: cut, error: cut });
    expect(await api.call('runs.list', { runbookId })).toMatchObject([
      { id: runId, message: cut, error: cut },
    ]);
  });

  it('is answered by runs.get and runs.list, and is null for a run that ended at no End', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Close tickets' } });
    await api.call('runbooks.update', {
      id: runbookId,
      draft: endingWith('succeeded', 'All {{vars.closed}} closed'),
    });
    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded', message: 'All 3 closed' });
    expect(await api.call('runs.list', { runbookId })).toMatchObject([
      { id: runId, message: 'All 3 closed' },
    ]);

    const badInputs = await api.call('runs.start', { runbookId, inputs: { who: { not: 'text' } } });
    expect(await waitForRun(backend, badInputs.runId)).toMatchObject({ status: 'failed', message: null });
  });
});
