/**
 * Storage faults through the whole backend: a full disk (SQLite's max_page_count, filled up) and
 * another program holding the write lock. Neither crashes the app, freezes it, or loses a record;
 * calls that cannot wait say why (507 / 503), and everything works again once the fault is gone.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRunGoing } from '../../shared/domain/runStatus';
import { httpStatusOf } from '../../shared/api/appError';
import type { Database } from '../../electron/services/db/database';
import { startBackend } from '../../electron/services/testSupport/temporaryBackend';
import { waitForRun } from '../../electron/services/testSupport/runs';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The API the runbooks call, whose answers the test can hold back and let go. */
interface Target {
  url: string;
  /** From now on, every answer waits until `answer` lets it go. */
  hold(): void;
  /** Lets `count` answers go, held or still to come (all of them, and no more holding, by default). */
  answer(count?: number): void;
  /** Resolves once `count` requests have come in. */
  received(count: number): Promise<void>;
}

/** Answers every request with a 10 kB JSON body — at once, or when the test lets it go. */
async function startTarget(): Promise<Target> {
  let allowance = Number.POSITIVE_INFINITY;
  const held: (() => void)[] = [];
  let receivedCount = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  const letGo = () => {
    while (allowance > 0 && held.length > 0) {
      allowance -= 1;
      held.shift()?.();
    }
  };
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      receivedCount += 1;
      for (const waiter of waiting.filter(({ count }) => count <= receivedCount)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      held.push(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ path: request.url, filler: 'x'.repeat(10_000) }));
      });
      letGo();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    hold: () => (allowance = 0),
    answer: (count = Number.POSITIVE_INFINITY) => {
      allowance += count;
      letGo();
    },
    received: (count) =>
      count <= receivedCount ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve })),
  };
}

/** The backend's log, and a promise for a line to come. */
function watchedLog() {
  const lines: string[] = [];
  const waiting: { line: string; resolve: () => void }[] = [];
  return {
    write: (line: string) => {
      lines.push(line);
      for (const waiter of waiting.filter((candidate) => candidate.line === line)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    whenLogged: (line: string) =>
      lines.includes(line)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.push({ line, resolve })),
  };
}

/** A backend whose database connection the test can fill up, with a runbook of ten requests. */
async function setUp(steps = 10) {
  let db: Database | undefined;
  const log = watchedLog();
  const backend = startBackend(undefined, undefined, {
    onDatabaseOpened: (opened) => (db = opened),
    log: log.write,
  });
  await backend.triggersReady;
  const target = await startTarget();
  const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'Target', category: 'Other' },
  });
  await backend.dispatch('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: target.url },
  });
  const { id: methodId } = await inProcessApi(backend).call('methods.create', {
    integrationId,
    definition: { name: 'Get item', httpMethod: 'GET', path: '/items/{n}' },
  });
  const { id: runbookId } = await inProcessApi(backend).call('runbooks.create', {
    details: { name: 'Many requests' },
  });
  const ids = Array.from({ length: steps }, (_, index) => `get${String(index)}`);
  await backend.dispatch('runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: { isEnabled: true, authentication: 'none', inputMapping: [] },
        },
        { id: 'pause', name: 'Pause', type: 'delay', seconds: '0.3' },
        ...ids.map((id, index) => ({
          id,
          name: `Get ${String(index)}`,
          type: 'method',
          methodId,
          arguments: { n: String(index) },
        })),
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'pause' },
        { from: 'pause', kind: 'next', to: ids[0] },
        ...ids.slice(1).map((id, index) => ({ from: ids[index], kind: 'success', to: id })),
        { from: ids.at(-1), kind: 'success', to: 'done' },
      ],
    },
  });
  await backend.dispatch('runbooks.publish', { id: runbookId, note: 'First' });
  const status = await inProcessApi(backend).call('runbooks.triggers', {
    id: runbookId,
  });
  if (db === undefined) throw new Error('the backend did not open its database');
  return { backend, db, runbookId, webhookUrl: status.webhook.url ?? '', target, whenLogged: log.whenLogged };
}

/** Fills every free page of the database, as a full disk would; gives back the space. */
function fillDisk(db: Database): () => void {
  db.exec('CREATE TABLE filler (blob BLOB)');
  db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }) as number)}`);
  const insert = db.prepare('INSERT INTO filler VALUES (randomblob(?))');
  for (const size of [65_536, 4_096, 512, 64, 8]) {
    for (let count = 0; count < 10_000; count += 1) {
      try {
        insert.run(size);
      } catch {
        break;
      }
    }
  }
  return () => {
    db.pragma('max_page_count = 1073741823');
    db.exec('DROP TABLE filler');
  };
}

/** The status a run ends with, as its event tells it (records may still wait for the disk). */
function whenRunEnds(backend: ReturnType<typeof startBackend>, runId: string): Promise<string> {
  return new Promise((resolve) => {
    const subscription = backend.events.onDidEmit((message) => {
      if (message.name !== 'runs.changed' || message.payload.run.id !== runId) return;
      if (isRunGoing(message.payload.run.status)) return;
      subscription.dispose();
      resolve(message.payload.run.status);
    });
  });
}

const startRun = async (backend: ReturnType<typeof startBackend>, runbookId: string) =>
  (await inProcessApi(backend).call('runs.start', { runbookId })).runId;

/** True when `promise` settles before the event loop's next turn (no timer or I/O waited for). */
function settlesThisTurn(promise: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const turn = setImmediate(() => resolve(false));
    const settled = () => {
      clearImmediate(turn);
      resolve(true);
    };
    promise.then(settled, settled);
  });
}

describe('a full disk', () => {
  it('fails the runs in flight with a clear message, refuses new work with 507 and 503, and recovers once space is free', async () => {
    const { backend, db, runbookId, webhookUrl, target, whenLogged } = await setUp();
    target.hold();
    const inFlight = await startRun(backend, runbookId);
    const ended = whenRunEnds(backend, inFlight);
    // The disk fills up while the run waits for its first answer, past the check before that step.
    await target.received(1);
    const freeSpace = fillDisk(db);

    // The step's records meet the full disk: no crash; the records wait (the run's own "failed" too).
    target.answer(1);
    await whenLogged('the disk is full: run and call records wait in memory until space is free');

    const refusal = await backend
      .dispatch('runbooks.create', { details: { name: 'One more', description: 'd'.repeat(5_000) } })
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'storage_full',
      message: expect.stringContaining('the disk is full'),
    });
    expect(httpStatusOf.storage_full).toBe(507);
    await expect(
      backend.dispatch('runs.start', { runbookId, inputs: { note: 'n'.repeat(5_000) } }),
    ).rejects.toMatchObject({ code: 'storage_full' });

    const delivery = await fetch(webhookUrl, {
      method: 'POST',
      body: JSON.stringify({ note: 'n'.repeat(5_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(delivery.status).toBe(503);
    expect(delivery.headers.get('retry-after')).toBe('30');
    expect(await delivery.json()).toMatchObject({ error: { code: 'storage_full' } });

    // The next step is not begun while its records cannot be saved.
    target.answer();
    expect(await ended).toBe('failed');
    freeSpace();
    const run = await waitForRun(backend, inFlight, 20);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^The disk is full, so the run stopped before "Get \d"/);
    expect(run.steps.length).toBeGreaterThan(1);
    expect(run.steps.filter((step) => step.status === 'running')).toEqual([]);

    const again = await waitForRun(backend, await startRun(backend, runbookId), 20);
    expect(again.status).toBe('succeeded');
    expect(again.steps).toHaveLength(13);
  }, 60_000);
});

describe('a database another program holds locked', () => {
  it('keeps answering, refuses writes that cannot wait with 503, and writes every waiting record once released', async () => {
    const { backend, db, runbookId } = await setUp();
    const faults: unknown[] = [];
    backend.events.onDidEmit((message) => {
      if (message.name === 'storage.changed') faults.push(message.payload.fault);
    });
    const inFlight = await startRun(backend, runbookId);
    const other = new BetterSqlite3(db.name);
    other.exec('BEGIN IMMEDIATE');
    const lockedAt = Date.now();

    // Reads still answer at once (WAL readers never wait for a writer), and a run that cannot be
    // recorded is refused at once: each settles before the event loop's next turn, so nothing
    // waited on a timer (a wait for the lock would); one try of the short busy timeout at most.
    expect(await settlesThisTurn(backend.dispatch('app.info', {}))).toBe(true);
    expect(await settlesThisTurn(backend.dispatch('runs.list', {}))).toBe(true);

    const refused = startRun(backend, runbookId);
    expect(await settlesThisTurn(refused)).toBe(true);
    await expect(refused).rejects.toMatchObject({
      code: 'storage_busy',
      message: expect.stringContaining('another program holds the database locked') as unknown,
    });
    expect(httpStatusOf.storage_busy).toBe(503);

    // The event loop keeps turning while the run goes on and its records wait.
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const at = performance.now();
      gaps.push(at - last);
      last = at;
    }, 20);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (Date.now() - lockedAt))));
    clearInterval(ticker);
    expect(Math.max(...gaps)).toBeLessThan(2_500);

    // The window is told, and app.info says so, while records wait.
    expect(faults).toEqual(['busy']);
    expect(await backend.dispatch('app.info', {})).toMatchObject({ storageFault: 'busy' });

    other.exec('COMMIT');
    other.close();
    const run = await waitForRun(backend, inFlight, 20);
    expect(faults).toEqual(['busy', null]);
    expect(run.status).toBe('succeeded');
    expect(run.steps).toHaveLength(13);
    expect(run.steps.every((step) => step.status === 'succeeded')).toBe(true);
    // Bounded generously: a loaded machine must not turn a slow run into a failed test.
    await vi.waitFor(
      async () => {
        const again = await waitForRun(backend, await startRun(backend, runbookId), 20);
        expect(again.status).toBe('succeeded');
      },
      { timeout: 30_000, interval: 200 },
    );
  }, 60_000);

  it('lets a run that reaches a Wait for approval during the lock wait for its approval once the lock is gone', async () => {
    const { backend, db } = await setUp(1);
    const { id: askingId } = await inProcessApi(backend).call('runbooks.create', {
      details: { name: 'Ask' },
    });
    await backend.dispatch('runbooks.update', {
      id: askingId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'pause', name: 'Pause', type: 'delay', seconds: '0.3' },
          { id: 'ask', name: 'Ask', type: 'approval', message: 'Go on?', timeoutMinutes: 60 },
          { id: 'yes', name: 'Yes', type: 'end', outcome: 'succeeded', message: '' },
          { id: 'no', name: 'No', type: 'end', outcome: 'failed', message: '' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'pause' },
          { from: 'pause', kind: 'next', to: 'ask' },
          { from: 'ask', kind: 'approved', to: 'yes' },
          { from: 'ask', kind: 'rejected', to: 'no' },
          { from: 'ask', kind: 'timed_out', to: 'no' },
        ],
      },
    });
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId: askingId });
    const other = new BetterSqlite3(db.name);
    other.exec('BEGIN IMMEDIATE');
    // The run reaches the approval during the lock (after its 0.3 s pause); before, it failed there.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    other.exec('COMMIT');
    other.close();
    await vi.waitFor(
      async () => {
        const [approval] = await inProcessApi(backend).call('approvals.list', { runId });
        expect(approval).toMatchObject({ runId, message: 'Go on?' });
      },
      { timeout: 20_000, interval: 100 },
    );
    expect((await inProcessApi(backend).call('runs.get', { id: runId })).status).toBe('waiting');
  }, 60_000);

  it('answers a burst of webhook deliveries with 503 at once, not a blocked busy timeout each', async () => {
    const { db, webhookUrl } = await setUp(1);
    const other = new BetterSqlite3(db.name);
    other.exec('BEGIN IMMEDIATE');
    try {
      const startedAt = performance.now();
      const statuses = await Promise.all(
        Array.from({ length: 40 }, () =>
          fetch(webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          }).then((response) => response.status),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([503]));
      // A liveness bound: 40 deliveries blocked 100 ms each (4 s) before; now one try a second.
      expect(performance.now() - startedAt).toBeLessThan(2_500);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
  });
});
