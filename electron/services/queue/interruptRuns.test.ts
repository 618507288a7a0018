/**
 * A run a worker will not finish is failed on the main and the windows are told at once, with the
 * real run repository on SQLite and the real event bus.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { createRunRepository, interruptedWhileSendingError } from '../db/repositories/runRepository';
import { createEventBus } from '../events/eventBus';
import { createWriteBehind } from '../db/writeBehind';
import { insertRunbook, temporaryDatabase, timestamp } from '../testSupport/temporaryDatabase';
import { createRunInterrupter } from './interruptRuns';

/** With `isWrittenBehind`, records wait in a write-behind that would hold them for a minute. */
function setUp({ isWrittenBehind = false } = {}) {
  const db = temporaryDatabase();
  insertRunbook(db);
  const writes = isWrittenBehind ? createWriteBehind(db, { delayMs: 60_000 }) : undefined;
  const runs = createRunRepository(db, writes);
  const events = createEventBus();
  const heard: ApiEventMessage[] = [];
  events.onDidEmit((message) => heard.push(message));
  const logged: string[] = [];
  const interrupter = createRunInterrupter({
    db,
    runs,
    events,
    ...(writes === undefined ? {} : { writes }),
    log: (line) => logged.push(line),
  });
  return { db, runs, heard, logged, interrupter, interrupt: interrupter.interrupt };
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

  it('judges a run whose row and records still wait to be written as it is now', () => {
    const { runs, heard, logged, interrupter } = setUp({ isWrittenBehind: true });
    queue(runs, 'waiting');
    runs.markStarted('waiting', timestamp);
    runs.startStep('waiting', { seq: 1, stepId: 'close', stepType: 'method', startedAt: timestamp });
    expect(interrupter.isUnfinished('waiting')).toBe(true);
    runs.markFinished('waiting', 'succeeded', timestamp, null);
    expect(interrupter.isUnfinished('waiting')).toBe(false);
    expect(interrupter.interrupt(['waiting'], 'interrupted')).toBe(0);
    expect(heard).toEqual([]);
    queue(runs, 'lost');
    expect(interrupter.interrupt(['lost'], 'interrupted: its job was gone')).toBe(1);
    expect(runs.get('lost')).toMatchObject({ status: 'failed', error: 'interrupted: its job was gone' });
    expect(logged).toEqual(['marked 1 queued run(s) as failed (interrupted: its job was gone)']);
  });
});
