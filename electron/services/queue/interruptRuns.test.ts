/**
 * A run a worker will not finish is failed on the main and the windows are told at once, with the
 * real run repository on SQLite and the real event bus.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { createRunRepository, interruptedWhileSendingError } from '../db/repositories/runRepository';
import { createEventBus } from '../events/eventBus';
import { insertRunbook, temporaryDatabase, timestamp } from '../testSupport/temporaryDatabase';
import { createRunInterrupter } from './interruptRuns';

function setUp() {
  const db = temporaryDatabase();
  insertRunbook(db);
  const runs = createRunRepository(db);
  const events = createEventBus();
  const heard: ApiEventMessage[] = [];
  events.onDidEmit((message) => heard.push(message));
  return { db, runs, heard, interrupt: createRunInterrupter({ db, runs, events }) };
}

const queue = (runs: ReturnType<typeof createRunRepository>, id: string) =>
  runs.create({
    id,
    runbookId: 'r1',
    versionId: null,
    trigger: 'webhook',
    clientName: '',
    inputs: {},
    queuedAt: timestamp,
  });

describe('interrupting the runs of a worker that died', () => {
  it('fails the run and its running step, and publishes both changes', async () => {
    const { runs, heard, interrupt } = setUp();
    queue(runs, 'run1');
    runs.markStarted('run1', timestamp);
    runs.startStep('run1', { seq: 1, stepId: 'close', stepType: 'method', startedAt: timestamp });
    await runs.commitStepStart('run1', 1);
    const reason = 'interrupted: the worker running it stopped (job stalled)';
    expect(interrupt(['run1'], reason)).toBe(1);
    expect(heard.map((message) => message.name)).toEqual(['runs.stepChanged', 'runs.changed']);
    expect(heard[0]).toMatchObject({
      payload: {
        runId: 'run1',
        runbookId: 'r1',
        step: { seq: 1, stepId: 'close', status: 'failed', error: interruptedWhileSendingError },
      },
    });
    expect(heard[1]).toMatchObject({ payload: { run: { id: 'run1', status: 'failed', error: reason } } });
    expect(runs.get('run1')).toMatchObject({ status: 'failed', error: reason });
  });

  it('publishes nothing for a run that had already finished', () => {
    const { runs, heard, interrupt } = setUp();
    queue(runs, 'done');
    runs.markFinished('done', 'succeeded', timestamp, null);
    expect(interrupt(['done', 'unknown'], 'interrupted')).toBe(0);
    expect(heard).toEqual([]);
    expect(runs.get('done')).toMatchObject({ status: 'succeeded' });
  });
});
