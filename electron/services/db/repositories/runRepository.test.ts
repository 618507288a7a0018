import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { insertRunbook, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import type { Database } from '../database';
import { createWriteBehind } from '../writeBehind';
import { createRunbookRepository } from './runbookRepository';
import { createRunbookVersionRepository } from './runbookVersionRepository';
import {
  createRunRepository,
  interruptedWhileSendingError,
  type RunFilter,
  type RunRepository,
  type TriggerKind,
} from './runRepository';

function setUp(): { db: Database; runs: RunRepository } {
  const db = temporaryDatabase();
  insertRunbook(db);
  return { db, runs: createRunRepository(db) };
}

/** Runs written behind: nothing reaches the disk until flushed (or read), unless `options` say. */
function setUpWrittenBehind(options: Parameters<typeof createWriteBehind>[1] = { delayMs: 60_000 }) {
  const db = temporaryDatabase();
  insertRunbook(db);
  const writes = createWriteBehind(db, options);
  return { db, writes, runs: createRunRepository(db, writes) };
}

const queue = (
  runs: RunRepository,
  id: string,
  trigger: TriggerKind = 'manual',
  queuedAt = timestamp,
  options?: Parameters<RunRepository['create']>[1],
) =>
  runs.create(
    {
      id,
      runbookId: 'r1',
      versionId: null,
      trigger,
      clientName: 'Contoso',
      inputs: { user: 'ada' },
      queuedAt,
    },
    options,
  );

const later = '2026-11-23T10:00:05.000Z';

/** What another process (or the next start after a crash) finds on disk, without our flush. */
function onDisk(db: Database, sql: string): unknown[] {
  const other = new BetterSqlite3(db.name, { readonly: true });
  try {
    return other.prepare(sql).all();
  } finally {
    other.close();
  }
}

/** Step 1 of a run succeeds, with nothing to record. */
const finishFirstStep = (runs: RunRepository, runId: string, finishedAt: string) =>
  runs.finishStep(runId, {
    seq: 1,
    status: 'succeeded',
    request: null,
    response: null,
    outputs: {},
    error: null,
    finishedAt,
    durationMs: 1,
  });

describe('run repository', () => {
  it('creates a run queued, with its trigger, client and inputs', () => {
    const { runs } = setUp();
    queue(runs, 'run1', 'webhook');
    expect(runs.get('run1')).toEqual({
      id: 'run1',
      runbookId: 'r1',
      versionId: null,
      versionNumber: null,
      status: 'queued',
      trigger: 'webhook',
      clientName: 'Contoso',
      inputs: { user: 'ada' },
      error: null,
      queuedAt: timestamp,
      startedAt: null,
      finishedAt: null,
      rerunOf: null,
      resumedFromStep: null,
      message: null,
      mode: 'live',
      groupId: null,
      steps: [],
    });
    expect(runs.triggerBody('run1')).toBeNull();
  });

  it('keeps the payload that started a run, and notes one too large to keep', () => {
    const { runs } = setUp();
    runs.create({
      id: 'hook',
      runbookId: 'r1',
      versionId: null,
      trigger: 'webhook',
      clientName: '',
      inputs: {},
      queuedAt: timestamp,
      triggerBody: { ticket: { id: 7 } },
    });
    expect(runs.triggerBody('hook')).toEqual({ ticket: { id: 7 } });
    runs.create({
      id: 'huge',
      runbookId: 'r1',
      versionId: null,
      trigger: 'webhook',
      clientName: '',
      inputs: {},
      queuedAt: timestamp,
      triggerBody: { text: 'x'.repeat(300 * 1024) },
    });
    expect(runs.triggerBody('huge')).toEqual({ isTooLargeToKeep: true, size: 300 * 1024 + 11 });
  });

  it('records the published version a run executes', () => {
    const { db, runs } = setUp();
    createRunbookVersionRepository(db).publish({
      id: 'v1',
      runbookId: 'r1',
      note: '',
      graph: {},
      publishedAt: timestamp,
    });
    runs.create({
      id: 'run1',
      runbookId: 'r1',
      versionId: 'v1',
      trigger: 'schedule',
      clientName: '',
      inputs: {},
      queuedAt: timestamp,
    });
    expect(runs.get('run1')?.versionId).toBe('v1');
  });

  it('reads each run with the number of the version it ran, and null for a run of the draft', () => {
    const { db, runs } = setUp();
    const versions = createRunbookVersionRepository(db);
    for (const id of ['v1', 'v2'])
      versions.publish({ id, runbookId: 'r1', note: '', graph: {}, publishedAt: timestamp });
    runs.create({
      id: 'run-v2',
      runbookId: 'r1',
      versionId: 'v2',
      trigger: 'webhook',
      clientName: '',
      inputs: {},
      queuedAt: later,
    });
    queue(runs, 'run-draft');
    expect(runs.versionNumber('v2')).toBe(2);
    expect(runs.versionNumber('gone')).toBeNull();
    expect(runs.get('run-v2')?.versionNumber).toBe(2);
    expect(runs.latestOf('r1')?.versionNumber).toBe(2);
    expect(runs.list({ limit: 10 }).map((run) => [run.id, run.versionNumber])).toEqual([
      ['run-v2', 2],
      ['run-draft', null],
    ]);
  });

  it('marks a run started and then finished', () => {
    const { runs } = setUp();
    queue(runs, 'run1');
    runs.markStarted('run1', timestamp);
    expect(runs.get('run1')).toMatchObject({ status: 'running', startedAt: timestamp });
    runs.markFinished('run1', 'succeeded', later, null);
    expect(runs.get('run1')).toMatchObject({ status: 'succeeded', finishedAt: later, error: null });
  });

  it('keeps the error of a failed run', () => {
    const { runs } = setUp();
    queue(runs, 'run1');
    runs.markStarted('run1', timestamp);
    runs.markFinished('run1', 'failed', later, 'Step "Get ticket" answered 404');
    expect(runs.get('run1')).toMatchObject({ status: 'failed', error: 'Step "Get ticket" answered 404' });
  });

  it("keeps the message of the End step a run ended at as the run's result", () => {
    const { runs } = setUp();
    queue(runs, 'run1');
    runs.markFinished('run1', 'succeeded', later, null, 'Closed 3 tickets');
    expect(runs.get('run1')).toMatchObject({ status: 'succeeded', error: null, message: 'Closed 3 tickets' });
    expect(runs.list({ limit: 5 })[0]).toMatchObject({ message: 'Closed 3 tickets' });
  });

  it('appends step records and finishes them with request, response and outputs', () => {
    const { runs } = setUp();
    queue(runs, 'run1');
    runs.startStep('run1', { seq: 1, stepId: 'get', stepType: 'method', startedAt: timestamp });
    runs.startStep('run1', { seq: 2, stepId: 'check', stepType: 'condition', startedAt: later });
    expect(runs.get('run1')?.steps.map((step) => [step.seq, step.status])).toEqual([
      [1, 'running'],
      [2, 'running'],
    ]);
    runs.finishStep('run1', {
      seq: 1,
      status: 'succeeded',
      request: { method: 'GET', url: 'http://127.0.0.1/x', headers: { authorization: '••••' } },
      response: { status: 200, body: { id: 7 } },
      outputs: { id: 7 },
      error: null,
      finishedAt: later,
      durationMs: 12,
    });
    expect(runs.get('run1')?.steps[0]).toEqual({
      seq: 1,
      stepId: 'get',
      stepType: 'method',
      status: 'succeeded',
      request: { method: 'GET', url: 'http://127.0.0.1/x', headers: { authorization: '••••' } },
      response: { status: 200, body: { id: 7 } },
      outputs: { id: 7 },
      error: null,
      startedAt: timestamp,
      finishedAt: later,
      durationMs: 12,
      mayHaveBeenSent: false,
    });
  });

  it('written behind, keeps steps finished before and after their start was written', () => {
    const { writes, runs } = setUpWrittenBehind();
    queue(runs, 'run1');
    const finish = (seq: number, status: 'succeeded' | 'failed') =>
      runs.finishStep('run1', {
        seq,
        status,
        request: null,
        response: { status: seq },
        outputs: { seq },
        error: null,
        finishedAt: later,
        durationMs: seq,
      });
    runs.startStep('run1', { seq: 1, stepId: 'quick', stepType: 'method', startedAt: timestamp });
    finish(1, 'succeeded');
    runs.startStep('run1', { seq: 2, stepId: 'slow', stepType: 'method', startedAt: timestamp });
    expect(runs.get('run1')?.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['quick', 'succeeded'],
      ['slow', 'running'],
    ]);
    finish(2, 'failed');
    writes.flush();
    expect(runs.get('run1')?.steps).toEqual([
      expect.objectContaining({
        seq: 1,
        stepId: 'quick',
        status: 'succeeded',
        outputs: { seq: 1 },
        durationMs: 1,
      }),
      expect.objectContaining({
        seq: 2,
        stepId: 'slow',
        status: 'failed',
        response: { status: 2 },
        durationMs: 2,
      }),
    ]);
  });

  it('written behind, writes many finished steps by few statements, and drops only a refused one', () => {
    const errors: string[] = [];
    const { db, writes, runs } = setUpWrittenBehind({
      delayMs: 60_000,
      onError: (error) => errors.push(error.message),
    });
    queue(runs, 'run1');
    queue(runs, 'run2');
    writes.flush();
    // The rows each INSERT of many rows wrote.
    const manyRows: number[] = [];
    const prepare = db.prepare.bind(db);
    vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
      const statement = prepare(sql);
      const rows = sql.match(/\(\?/g)?.length ?? 0;
      if (!sql.startsWith('INSERT INTO run_steps') || rows < 2) return statement;
      const run = statement.run.bind(statement);
      return Object.assign(statement, {
        run: (...values: unknown[]) => {
          const result = run(...values);
          manyRows.push(rows);
          return result;
        },
      });
    }) as typeof db.prepare);
    const step = (runId: string, seq: number, status: 'succeeded' | 'running' = 'succeeded') => {
      runs.startStep(runId, { seq, stepId: `s${String(seq)}`, stepType: 'method', startedAt: timestamp });
      if (status === 'succeeded')
        runs.finishStep(runId, {
          seq,
          status,
          request: { url: `/tickets/${String(seq)}` },
          response: { status: 200 },
          outputs: { seq },
          error: null,
          finishedAt: later,
          durationMs: seq,
        });
    };
    // 70 steps of run1 (more than one statement's worth), the last still running; then run2's,
    // whose run is deleted before they are written: a foreign key refuses each of its rows.
    for (let seq = 1; seq <= 70; seq += 1) step('run1', seq, seq === 70 ? 'running' : 'succeeded');
    for (let seq = 1; seq <= 3; seq += 1) step('run2', seq);
    db.prepare("DELETE FROM runs WHERE id = 'run2'").run();
    writes.flush();
    const steps = runs.get('run1')?.steps ?? [];
    expect(steps.map((each) => each.seq)).toEqual(Array.from({ length: 70 }, (_, index) => index + 1));
    expect(steps[33]).toMatchObject({
      stepId: 's34',
      status: 'succeeded',
      request: { url: '/tickets/34' },
      outputs: { seq: 34 },
      durationMs: 34,
    });
    expect(steps[69]).toMatchObject({ stepId: 's70', status: 'running' });
    expect(onDisk(db, "SELECT count(*) AS n FROM run_steps WHERE run_id = 'run2'")).toEqual([{ n: 0 }]);
    expect(errors).toEqual([expect.stringMatching(/^3 step records were refused; the first: FOREIGN KEY/)]);
    // 64 of run1's rows in two statements; the third (run1's last five, run2's three) was refused
    // whole, and went again a row at a time.
    expect(manyRows).toEqual([32, 32]);
    // A step finished after its start was written is still updated in place.
    runs.finishStep('run1', {
      seq: 70,
      status: 'failed',
      request: null,
      response: null,
      outputs: {},
      error: 'timed out',
      finishedAt: later,
      durationMs: 70,
    });
    writes.flush();
    expect(runs.get('run1')?.steps[69]).toMatchObject({ status: 'failed', error: 'timed out' });
  });

  it('commits a step about to send a changing request at once, with what was queued before it', async () => {
    const { db, runs } = setUpWrittenBehind();
    queue(runs, 'run1');
    runs.markStarted('run1', timestamp);
    runs.startStep('run1', { seq: 1, stepId: 'create-ticket', stepType: 'method', startedAt: timestamp });
    const stepsOnDisk = () =>
      onDisk(db, "SELECT status, may_have_been_sent FROM run_steps WHERE run_id = 'run1'");
    expect(stepsOnDisk()).toEqual([]);
    await runs.commitStepStart('run1', 1);
    expect(stepsOnDisk()).toEqual([{ status: 'running', may_have_been_sent: 1 }]);
  });

  it('written behind, writes a run with its first records, as it is by then: one row, no updates', () => {
    const { db, writes, runs } = setUpWrittenBehind();
    queue(runs, 'run1');
    runs.markStarted('run1', timestamp);
    runs.setInputs('run1', { user: 'ada', limit: 10 });
    runs.markFinished('run1', 'succeeded', later, null, 'Done');
    expect(onDisk(db, "SELECT status FROM runs WHERE id = 'run1'")).toEqual([]);
    writes.flush();
    expect(
      onDisk(db, "SELECT status, inputs, started_at, finished_at, message FROM runs WHERE id = 'run1'"),
    ).toEqual([
      {
        status: 'succeeded',
        inputs: '{"user":"ada","limit":10}',
        started_at: timestamp,
        finished_at: later,
        message: 'Done',
      },
    ]);
    // Changes after the row went in are written as changes.
    queue(runs, 'run2');
    writes.flush();
    runs.markStarted('run2', timestamp);
    runs.markFinished('run2', 'failed', later, 'boom');
    expect(runs.get('run2')).toMatchObject({ status: 'failed', error: 'boom', startedAt: timestamp });
  });

  it('commits at once a run someone outside is told of, written behind or not', () => {
    const { db, runs } = setUpWrittenBehind();
    const deliver = () => queue(runs, 'delivered', 'webhook', timestamp, { isCommittedAtOnce: true });
    deliver();
    expect(onDisk(db, "SELECT status FROM runs WHERE id = 'delivered'")).toEqual([{ status: 'queued' }]);
    expect(deliver).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('refuses a run id taken by a run on disk or one still waiting to be written', () => {
    const { writes, runs } = setUpWrittenBehind();
    queue(runs, 'run1');
    expect(() => queue(runs, 'run1')).toThrow(expect.objectContaining({ code: 'conflict', field: 'runId' }));
    writes.flush();
    expect(() => queue(runs, 'run1')).toThrow(expect.objectContaining({ code: 'conflict', field: 'runId' }));
    expect(runs.list({ limit: 10 })).toHaveLength(1);
  });

  it('refuses a new run at once while another program holds the database locked', () => {
    const { db, runs } = setUpWrittenBehind();
    const other = new BetterSqlite3(db.name);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(() => queue(runs, 'run1')).toThrow(
        expect.objectContaining({ code: 'storage_busy', message: expect.stringContaining('locked') }),
      );
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    expect(runs.get('run1')).toBeUndefined();
  });

  it('shows and lists a run a lock keeps from the disk as started but not ended, until its records are written', async () => {
    const { db, writes, runs } = setUpWrittenBehind({ delayMs: 60_000, retryMs: { first: 10, max: 20 } });
    queue(runs, 'run0', 'manual', '2026-11-23T09:00:00.000Z');
    writes.flush();
    queue(runs, 'run1');
    const other = new BetterSqlite3(db.name);
    other.exec('BEGIN IMMEDIATE');
    runs.markStarted('run1', timestamp);
    runs.startStep('run1', { seq: 1, stepId: 'quick', stepType: 'method', startedAt: timestamp });
    finishFirstStep(runs, 'run1', later);
    runs.markFinished('run1', 'succeeded', later, null);
    writes.flush();
    expect(writes.fault()).toBe('busy');
    expect(runs.get('run1')).toMatchObject({
      id: 'run1',
      status: 'running',
      startedAt: timestamp,
      finishedAt: null,
      inputs: { user: 'ada' },
      steps: [],
    });
    // Listed where it stands, by the filters the list's query applies.
    const listed = (filter: Omit<RunFilter, 'limit'>) =>
      runs.list({ limit: 10, ...filter }).map((run) => run.id);
    expect(runs.list({ limit: 10 }).map((run) => [run.id, run.status])).toEqual([
      ['run1', 'running'],
      ['run0', 'queued'],
    ]);
    expect(listed({ status: 'running', trigger: 'manual', runbookId: 'r1' })).toEqual(['run1']);
    expect(listed({ status: 'succeeded' })).toEqual([]);
    expect(listed({ after: { queuedAt: timestamp, id: 'run1' } })).toEqual(['run0']);
    expect(runs.list({ limit: 1 }).map((run) => run.id)).toEqual(['run1']);
    other.exec('COMMIT');
    other.close();
    await writes.commit();
    expect(runs.get('run1')).toMatchObject({
      status: 'succeeded',
      finishedAt: later,
      steps: [expect.objectContaining({ stepId: 'quick', status: 'succeeded' })],
    });
  });

  it('says a step interrupted while its request was out may have been sent, and clears it once finished', async () => {
    const { runs } = setUp();
    queue(runs, 'run1');
    runs.markStarted('run1', timestamp);
    runs.startStep('run1', { seq: 1, stepId: 'create-ticket', stepType: 'method', startedAt: timestamp });
    await runs.commitStepStart('run1', 1);
    runs.startStep('run1', { seq: 2, stepId: 'wait', stepType: 'delay', startedAt: timestamp });
    expect(runs.get('run1')?.steps.map((step) => step.mayHaveBeenSent)).toEqual([true, false]);
    expect(runs.markInterrupted(later)).toBe(1);
    expect(runs.get('run1')?.steps).toMatchObject([
      { status: 'failed', error: interruptedWhileSendingError, mayHaveBeenSent: true },
      { status: 'failed', error: 'interrupted', mayHaveBeenSent: false },
    ]);

    queue(runs, 'run2');
    runs.startStep('run2', { seq: 1, stepId: 'create-ticket', stepType: 'method', startedAt: timestamp });
    await runs.commitStepStart('run2', 1);
    finishFirstStep(runs, 'run2', later);
    expect(runs.get('run2')?.steps[0]?.mayHaveBeenSent).toBe(false);
  });

  it('keeps the mark of a step whose child run keeps one, and clears it when the child got its answer', async () => {
    const { runs } = setUp();
    const end = {
      seq: 1,
      request: null,
      response: null,
      outputs: {},
      error: null,
      finishedAt: later,
      durationMs: 1,
    };
    /** A parent whose step 1 ran a child, whose POST (step 1) ended `childEnd`; the parent's step failed. */
    const parentOf = async (child: string, childEnd: 'cancelled' | 'succeeded') => {
      const parent = `parent-of-${child}`;
      queue(runs, parent);
      runs.startStep(parent, { seq: 1, stepId: 'call', stepType: 'runRunbook', startedAt: timestamp });
      runs.create({
        id: child,
        runbookId: 'r1',
        versionId: null,
        trigger: 'manual',
        clientName: '',
        inputs: {},
        queuedAt: timestamp,
        parent: { runId: parent, seq: 1 },
      });
      runs.startStep(child, { seq: 1, stepId: 'create', stepType: 'method', startedAt: timestamp });
      await runs.commitStepStart(child, 1, { ancestors: [{ runId: parent, seq: 1 }] });
      runs.finishStep(child, { ...end, status: childEnd });
      runs.finishStep(parent, { ...end, status: 'failed' });
      return runs.step(parent, 1)?.mayHaveBeenSent;
    };
    expect(await parentOf('cut', 'cancelled')).toBe(true);
    expect(await parentOf('answered', 'succeeded')).toBe(false);
  });

  it('ends a child run waiting for an approval with its parent at start-up, naming it', () => {
    const { db, runs } = setUp();
    queue(runs, 'parent');
    runs.markStarted('parent', timestamp);
    runs.startStep('parent', { seq: 1, stepId: 'call', stepType: 'runRunbook', startedAt: timestamp });
    runs.create({
      id: 'child',
      runbookId: 'r1',
      versionId: null,
      trigger: 'manual',
      clientName: '',
      inputs: {},
      queuedAt: timestamp,
      parent: { runId: 'parent', seq: 1 },
    });
    runs.markStarted('child', timestamp);
    runs.startStep('child', { seq: 1, stepId: 'ask', stepType: 'approval', startedAt: timestamp });
    db.prepare(
      `INSERT INTO approvals (run_id, seq, step_id, step_name, message, deadline, token_hash, created_at)
       VALUES ('child', 1, 'ask', 'Ask', 'Go?', ?, 'hash', ?)`,
    ).run(later, timestamp);
    expect(runs.markInterrupted(later)).toBe(2);
    expect(runs.get('child')).toMatchObject({
      status: 'failed',
      steps: [{ status: 'failed', error: 'interrupted' }],
    });
    expect(runs.get('child')?.error).toMatch(
      /^interrupted: the app stopped while its parent run parent was going/,
    );
    expect(db.prepare("SELECT state FROM approvals WHERE run_id = 'child'").get()).toEqual({
      state: 'cancelled',
    });
  });

  it('keeps a step without request or response as null', () => {
    const { runs } = setUp();
    queue(runs, 'run1');
    runs.startStep('run1', { seq: 1, stepId: 'wait', stepType: 'delay', startedAt: timestamp });
    runs.finishStep('run1', {
      seq: 1,
      status: 'cancelled',
      request: null,
      response: null,
      outputs: {},
      error: 'cancelled',
      finishedAt: later,
      durationMs: 5,
    });
    expect(runs.get('run1')?.steps[0]).toMatchObject({ request: null, response: null, status: 'cancelled' });
  });

  it('refuses a second step record with the same number', () => {
    const { runs } = setUp();
    queue(runs, 'run1');
    const step = { seq: 1, stepId: 'get', stepType: 'method', startedAt: timestamp };
    runs.startStep('run1', step);
    expect(() => runs.startStep('run1', step)).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('answers undefined for a run that does not exist', () => {
    expect(setUp().runs.get('missing')).toBeUndefined();
  });

  it('lists runs newest first, bounded by the limit', () => {
    const { runs } = setUp();
    queue(runs, 'old', 'manual', '2026-11-01T00:00:00.000Z');
    queue(runs, 'mid', 'manual', '2026-11-20T00:00:00.000Z');
    queue(runs, 'new', 'manual', '2026-11-22T00:00:00.000Z');
    expect(runs.list({ limit: 10 }).map((run) => run.id)).toEqual(['new', 'mid', 'old']);
    expect(runs.list({ limit: 2 }).map((run) => run.id)).toEqual(['new', 'mid']);
  });

  it('filters runs by runbook, status, trigger and time range', () => {
    const { db, runs } = setUp();
    createRunbookRepository(db).insert({
      id: 'r2',
      name: 'Other',
      description: '',
      category: '',
      tags: [],
      draft: {},
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    queue(runs, 'old', 'manual', '2026-11-01T00:00:00.000Z');
    queue(runs, 'hook', 'webhook', '2026-11-20T00:00:00.000Z');
    queue(runs, 'new', 'manual', '2026-11-22T00:00:00.000Z');
    runs.create({
      id: 'other',
      runbookId: 'r2',
      versionId: null,
      trigger: 'cli',
      clientName: '',
      inputs: {},
      queuedAt: timestamp,
    });
    runs.markFinished('new', 'failed', timestamp, 'boom');
    const ids = (filter: Omit<Parameters<RunRepository['list']>[0], 'limit'>) =>
      runs.list({ ...filter, limit: 10 }).map((run) => run.id);
    expect(ids({ runbookId: 'r2' })).toEqual(['other']);
    expect(ids({ status: 'failed' })).toEqual(['new']);
    expect(ids({ trigger: 'webhook' })).toEqual(['hook']);
    expect(
      ids({ runbookId: 'r1', from: '2026-11-10T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' }),
    ).toEqual(['hook']);
    expect(
      ids({ runbookId: 'r1', from: '2026-11-20T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' }),
    ).toEqual(['new', 'hook']);
  });

  it('marks runs left queued or running as failed "interrupted", with their running steps', () => {
    const { runs } = setUp();
    queue(runs, 'queued');
    queue(runs, 'running');
    runs.markStarted('running', timestamp);
    runs.startStep('running', { seq: 1, stepId: 'slow', stepType: 'delay', startedAt: timestamp });
    expect(runs.markInterrupted(later)).toBe(2);
    for (const id of ['queued', 'running']) {
      expect(runs.get(id)).toMatchObject({ status: 'failed', finishedAt: later });
      expect(runs.get(id)?.error).toMatch(/^interrupted/);
    }
    expect(runs.get('running')?.steps).toMatchObject([
      { status: 'failed', error: 'interrupted', finishedAt: later },
    ]);
  });

  it('leaves finished runs and their steps alone when marking interrupted runs', () => {
    const { runs } = setUp();
    queue(runs, 'done');
    runs.startStep('done', { seq: 1, stepId: 'get', stepType: 'method', startedAt: timestamp });
    finishFirstStep(runs, 'done', timestamp);
    runs.markFinished('done', 'cancelled', timestamp, null);
    expect(runs.markInterrupted(later)).toBe(0);
    expect(runs.get('done')).toMatchObject({
      status: 'cancelled',
      error: null,
      steps: [{ status: 'succeeded' }],
    });
  });

  it('goes with its runbook, steps included', () => {
    const { db, runs } = setUp();
    queue(runs, 'run1');
    runs.startStep('run1', { seq: 1, stepId: 'get', stepType: 'method', startedAt: timestamp });
    createRunbookRepository(db).delete('r1');
    expect(runs.get('run1')).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM run_steps').get()).toEqual({ n: 0 });
  });
});
