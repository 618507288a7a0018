import { describe, expect, it } from 'vitest';
import {
  insertRunbook,
  methodDefinition,
  temporaryDatabase,
  timestamp,
} from '../../testSupport/temporaryDatabase';
import type { Database } from '../database';
import { createApiCallRepository, type ApiCallRecord } from './apiCallRepository';
import { createIntegrationRepository } from './integrationRepository';
import { createMethodRepository } from './methodRepository';
import { createRunbookRepository } from './runbookRepository';
import { createRunRepository, type RunRepository } from './runRepository';

const call = (at: string, overrides: Partial<ApiCallRecord> = {}): ApiCallRecord => ({
  integrationId: 'integration-1',
  methodId: null,
  runId: null,
  at,
  httpMethod: 'GET',
  url: 'http://127.0.0.1/tickets?api_key=••••',
  status: 200,
  durationMs: 12.6,
  attempts: 1,
  error: null,
  ...overrides,
});

/** Adds a method "m1" of integration-1. */
const insertMethod = (db: Database) =>
  createMethodRepository(db).insert({
    id: 'm1',
    integrationId: 'integration-1',
    definition: methodDefinition(),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

// 15:00 local time, so "today" covers the last 15 hours whatever the time zone.
const now = new Date(2026, 10, 23, 15, 0, 0);
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

describe('api call repository', () => {
  it('counts calls today, in the last seven days and in all', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    for (const at of [hoursAgo(1), hoursAgo(14), hoursAgo(16), hoursAgo(24 * 6), hoursAgo(24 * 8)]) {
      calls.record(call(at));
    }
    expect(calls.counts('integration-1', now)).toEqual({ today: 2, lastSevenDays: 4, total: 5 });
  });

  it('counts nothing for an integration without calls', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    expect(calls.counts('integration-1', now)).toEqual({ today: 0, lastSevenDays: 0, total: 0 });
  });

  it('counts only the calls of the integration asked for', () => {
    const db = temporaryDatabase();
    createIntegrationRepository(db).insert({
      id: 'integration-2',
      name: 'NinjaOne',
      category: 'RMM',
      description: '',
      notes: '',
      versionLabel: '',
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    const calls = createApiCallRepository(db);
    calls.record(call(hoursAgo(1)));
    calls.record(call(hoursAgo(1), { integrationId: 'integration-2' }));
    calls.record(call(hoursAgo(2), { integrationId: 'integration-2' }));
    expect(calls.counts('integration-2', now)).toEqual({ today: 2, lastSevenDays: 2, total: 2 });
    expect(calls.recent('integration-1', 10)).toHaveLength(1);
  });

  it('counts a time written with an offset the same as in UTC', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    const oneHourAgo = new Date(now.getTime() - 3_600_000);
    calls.record(call(oneHourAgo.toISOString().replace('Z', '+00:00').replace('.000', '')));
    expect(calls.counts('integration-1', now).today).toBe(1);
    expect(calls.recent('integration-1', 1)[0]?.at).toBe(oneHourAgo.toISOString());
  });

  it('lists the most recent calls first, bounded, with whole milliseconds', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    calls.record(call('2026-11-23T10:00:00.000Z'));
    calls.record(
      call('2026-11-23T11:00:00.000Z', { status: null, error: 'connection refused', attempts: 3 }),
    );
    calls.record(call('2026-11-23T09:00:00.000Z'));
    const recent = calls.recent('integration-1', 2);
    expect(recent.map((entry) => entry.at)).toEqual(['2026-11-23T11:00:00.000Z', '2026-11-23T10:00:00.000Z']);
    expect(recent[0]).toMatchObject({
      integrationId: 'integration-1',
      methodId: null,
      httpMethod: 'GET',
      url: 'http://127.0.0.1/tickets?api_key=••••',
      status: null,
      durationMs: 13,
      attempts: 3,
      error: 'connection refused',
    });
  });

  it('keeps a call when its method is deleted, without the method', () => {
    const db = temporaryDatabase();
    insertMethod(db);
    const calls = createApiCallRepository(db);
    calls.record(call(timestamp, { methodId: 'm1' }));
    createMethodRepository(db).delete('m1');
    expect(calls.recent('integration-1', 1)[0]?.methodId).toBeNull();
  });

  it('goes with its integration', () => {
    const db = temporaryDatabase();
    const calls = createApiCallRepository(db);
    calls.record(call(timestamp));
    createIntegrationRepository(db).delete('integration-1');
    expect(calls.counts('integration-1', now).total).toBe(0);
  });
});

describe("the calls of a run's method steps", () => {
  const finishedAt = hoursAgo(1);
  const sent = { method: 'GET', url: 'http://127.0.0.1/tickets/42?api_key=••••', headers: {}, body: null };
  const answered = {
    status: 404,
    statusText: 'Not Found',
    headers: {},
    contentType: '',
    body: '',
    isBodyTruncated: false,
    size: 0,
  };
  const runCall = (seq: number) =>
    call(finishedAt, {
      methodId: 'm1',
      runId: 'run-1',
      seq,
      status: 404,
      durationMs: 20.4,
      attempts: 2,
      rateLimitWaitMs: 5.2,
    });

  function setUp(): { db: Database; runs: RunRepository; calls: ReturnType<typeof createApiCallRepository> } {
    const db = temporaryDatabase();
    insertRunbook(db);
    insertMethod(db);
    const runs = createRunRepository(db);
    const calls = createApiCallRepository(db, undefined, (made) => runs.keepCallWithStep(made));
    runs.create(
      {
        id: 'run-1',
        runbookId: 'r1',
        versionId: null,
        trigger: 'manual',
        clientName: '',
        inputs: {},
        queuedAt: timestamp,
      },
      { isIdNew: true },
    );
    return { db, runs, calls };
  }
  /** A step of the run: `during` is what happens while it runs (the call it makes, if any). */
  function step(runs: RunRepository, seq: number, stepType: string, during: () => void) {
    runs.startStep('run-1', { seq, stepId: `step_${String(seq)}`, stepType, startedAt: timestamp });
    during();
    runs.finishStep('run-1', {
      seq,
      status: 'failed',
      request: sent,
      response: answered,
      outputs: { status: 404 },
      error: 'The API answered 404.',
      finishedAt,
      durationMs: 21,
    });
  }
  const ownRows = (db: Database) =>
    (db.prepare('SELECT count(*) AS n FROM api_calls').get() as { n: number }).n;

  it("keeps a method step's call in its step record, listed and counted like any other", () => {
    const { db, runs, calls } = setUp();
    step(runs, 2, 'method', () => calls.record(runCall(2)));
    calls.record(call(hoursAgo(2)));
    expect(ownRows(db)).toBe(1);
    expect(calls.counts('integration-1', now)).toEqual({ today: 2, lastSevenDays: 2, total: 2 });
    const [kept, test] = calls.recent('integration-1', 10);
    expect(kept).toEqual({
      id: expect.any(Number) as unknown,
      integrationId: 'integration-1',
      methodId: 'm1',
      runId: 'run-1',
      isRunKept: true,
      at: finishedAt,
      httpMethod: 'GET',
      url: 'http://127.0.0.1/tickets/42?api_key=••••',
      status: 404,
      durationMs: 20,
      attempts: 2,
      error: null,
      rateLimitWaitMs: 5,
    });
    expect(kept?.id).not.toBe(test?.id);
    expect(calls.recent('integration-1', 1)).toHaveLength(1);
  });

  it('logs on their own the calls no method step holds: another kind of step, a step not running, a second call', () => {
    const { db, runs, calls } = setUp();
    step(runs, 2, 'waitForApproval', () => calls.record(runCall(2)));
    step(runs, 3, 'method', () => {
      calls.record(runCall(2));
      calls.record(runCall(3));
      calls.record(runCall(3));
    });
    calls.record(runCall(3));
    expect(ownRows(db)).toBe(4);
    expect(calls.counts('integration-1', now).total).toBe(5);
  });

  it('logs on its own the call of a step still going when the backend closes', () => {
    const { db, runs, calls } = setUp();
    runs.startStep('run-1', { seq: 2, stepId: 'step_2', stepType: 'method', startedAt: timestamp });
    calls.record(runCall(2));
    expect(ownRows(db)).toBe(0);
    for (const kept of runs.takeUnfinishedCalls()) calls.record(kept);
    expect(ownRows(db)).toBe(1);
    expect(calls.recent('integration-1', 10)).toMatchObject([
      { methodId: 'm1', runId: 'run-1', at: finishedAt, status: 404, attempts: 2, rateLimitWaitMs: 5 },
    ]);
    expect(runs.takeUnfinishedCalls()).toEqual([]);
  });

  it("keeps a deleted run's calls in the log, unless their integration went first", () => {
    const { db, runs, calls } = setUp();
    step(runs, 2, 'method', () => calls.record(runCall(2)));
    const before = calls.recent('integration-1', 10);
    createMethodRepository(db).delete('m1');
    createRunbookRepository(db).delete('r1');
    expect(ownRows(db)).toBe(1);
    expect(calls.counts('integration-1', now)).toEqual({ today: 1, lastSevenDays: 1, total: 1 });
    expect(calls.recent('integration-1', 10)).toEqual([
      { ...before[0], id: expect.any(Number) as unknown, methodId: null, isRunKept: false },
    ]);

    const other = setUp();
    step(other.runs, 2, 'method', () => other.calls.record(runCall(2)));
    createIntegrationRepository(other.db).delete('integration-1');
    createRunbookRepository(other.db).delete('r1');
    expect(ownRows(other.db)).toBe(0);
  });
});
