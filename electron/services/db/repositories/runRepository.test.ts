import { describe, expect, it } from 'vitest';
import { insertRunbook, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import { createRunRepository, type RunRepository } from './runRepository';

function setUp(): RunRepository {
  const db = temporaryDatabase();
  insertRunbook(db);
  return createRunRepository(db);
}

const queue = (
  runs: RunRepository,
  id: string,
  trigger: 'manual' | 'webhook' = 'manual',
  queuedAt = timestamp,
) =>
  runs.create({
    id,
    runbookId: 'r1',
    versionId: null,
    trigger,
    clientName: '',
    inputs: { user: 'ada' },
    queuedAt,
  });

describe('run repository', () => {
  it('records a run from queued to succeeded with its steps', () => {
    const runs = setUp();
    queue(runs, 'run1');
    runs.markStarted('run1', timestamp);
    runs.startStep('run1', { seq: 1, stepId: 'get', stepType: 'method', startedAt: timestamp });
    runs.finishStep('run1', {
      seq: 1,
      status: 'succeeded',
      request: { method: 'GET', url: 'http://127.0.0.1/x' },
      response: { status: 200 },
      outputs: { id: 7 },
      error: null,
      finishedAt: timestamp,
      durationMs: 12,
    });
    runs.markFinished('run1', 'succeeded', timestamp, null);
    expect(runs.get('run1')).toMatchObject({
      status: 'succeeded',
      inputs: { user: 'ada' },
      steps: [{ seq: 1, stepId: 'get', status: 'succeeded', outputs: { id: 7 }, response: { status: 200 } }],
    });
  });

  it('filters runs by status, trigger and time, newest first', () => {
    const runs = setUp();
    queue(runs, 'old', 'manual', '2026-11-01T00:00:00.000Z');
    queue(runs, 'hook', 'webhook', '2026-11-20T00:00:00.000Z');
    queue(runs, 'new', 'manual', '2026-11-22T00:00:00.000Z');
    runs.markFinished('new', 'failed', timestamp, 'boom');
    const ids = (filter: Parameters<RunRepository['list']>[0]) => runs.list(filter).map((run) => run.id);
    expect(ids({ limit: 10 })).toEqual(['new', 'hook', 'old']);
    expect(ids({ status: 'failed', limit: 10 })).toEqual(['new']);
    expect(ids({ trigger: 'webhook', limit: 10 })).toEqual(['hook']);
    expect(ids({ from: '2026-11-10T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z', limit: 10 })).toEqual([
      'hook',
    ]);
    expect(ids({ runbookId: 'r1', limit: 1 })).toEqual(['new']);
  });

  it('marks runs left queued or running as failed "interrupted" at start-up', () => {
    const runs = setUp();
    queue(runs, 'queued');
    queue(runs, 'running');
    runs.markStarted('running', timestamp);
    runs.startStep('running', { seq: 1, stepId: 'slow', stepType: 'delay', startedAt: timestamp });
    queue(runs, 'done');
    runs.markFinished('done', 'succeeded', timestamp, null);
    expect(runs.markInterrupted(timestamp)).toBe(2);
    expect(runs.get('running')).toMatchObject({
      status: 'failed',
      steps: [{ status: 'failed', error: 'interrupted' }],
    });
    expect(runs.get('running')?.error).toMatch(/^interrupted/);
    expect(runs.get('queued')?.status).toBe('failed');
    expect(runs.get('done')?.status).toBe('succeeded');
  });
});
