/**
 * Deleting a runbook with many runs: its runs go a slice at a time, so the backend answers other
 * calls meanwhile (one transaction of 20,000 runs held it for 3 s); a run of it is refused from
 * the start; the calls its runs made stay in the call log.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database';
import { createOneCallRunbook, expectCutShortByClose, waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { oneStepDraft } from '../testSupport/drafts';

/** Requests to /slow that the server holds, unanswered, until the client gives up on them. */
const held: { request: http.IncomingMessage; closed: Promise<void> }[] = [];
const server = http.createServer((request, response) => {
  if (request.url === '/slow') {
    held.push({ request, closed: new Promise((resolve) => response.on('close', () => resolve())) });
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"ok":true}');
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Copies the run `runId` with its step records `copies` times, under new ids, a second apart. */
function copyRun(db: Database, runId: string, copies: number) {
  const run = db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as Record<string, unknown>;
  const steps = db.prepare('SELECT * FROM run_steps WHERE run_id = ?').all(runId) as Record<
    string,
    unknown
  >[];
  const insertOf = (table: string, row: Record<string, unknown>) =>
    db.prepare(
      `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
        .map((column) => `@${column}`)
        .join(', ')})`,
    );
  const insertRun = insertOf('runs', run);
  const insertStep = insertOf('run_steps', steps[0] ?? {});
  db.transaction(() => {
    for (let index = 0; index < copies; index += 1) {
      const id = `copy-${String(index).padStart(6, '0')}`;
      const queuedAt = new Date(Date.parse('2026-01-01T00:00:00.000Z') + index * 1000).toISOString();
      insertRun.run({ ...run, id, queued_at: queuedAt });
      for (const step of steps) insertStep.run({ ...step, run_id: id });
    }
  })();
}

describe('deleting a runbook with many runs', () => {
  it('deletes its runs a slice at a time, serving other calls meanwhile, and refuses its runs', async () => {
    let db: Database | undefined;
    const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const api = inProcessApi(backend);
    const { integrationId, runbookId } = await createOneCallRunbook(api, baseUrl, '/ping');
    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    expect((await waitForRun(backend, runId)).status).toBe('succeeded');
    if (db === undefined) throw new Error('the database was not opened');
    // Far more records than one slice holds (the first takes 256 step records, the next at most 512).
    copyRun(db, runId, 3_000);
    const count = (sql: string) => (db?.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM runs')).toBe(3_001);
    expect((await api.call('integrations.callLog', { id: integrationId, limit: 1 })).counts.total).toBe(
      3_001,
    );

    // A runbook that runs it as a step.
    const { id: parentId } = await api.call('runbooks.create', { details: { name: 'Parent' } });
    await api.call('runbooks.update', {
      id: parentId,
      draft: oneStepDraft({ id: 'child', name: 'Ping it', type: 'runRunbook', runbookId }),
    });

    let isDeleted = false;
    const deletion = api.call('runbooks.delete', { id: runbookId }).then(() => (isDeleted = true));
    // Deleting it again meanwhile waits for the same deletion.
    const again = api.call('runbooks.delete', { id: runbookId });
    // Neither is left unhandled should an expectation below fail first (the backend then closes).
    deletion.catch(() => undefined);
    again.catch(() => undefined);
    // The backend answers meanwhile — its timers fire, a call is served — with some of the step
    // records already gone and the rest still there.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const listed = await api.call('integrations.list', {});
    expect(listed.items.map((item) => item.id)).toEqual([integrationId]);
    expect(isDeleted).toBe(false);
    const left = count('SELECT count(*) AS n FROM run_steps');
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(3_001 * 3);
    // A run of it is refused, saying why: started by hand, or by a parent runbook's step.
    const refusal = 'This runbook is being deleted, with its runs; it cannot run.';
    await expect(api.call('runs.start', { runbookId, inputs: {} })).rejects.toMatchObject({
      code: 'conflict',
      message: refusal,
    });
    const { runId: parentRunId } = await api.call('runs.start', { runbookId: parentId, inputs: {} });

    const parentRun = await waitForRun(backend, parentRunId);
    expect(parentRun.status).toBe('failed');
    expect(parentRun.steps.find((step) => step.stepId === 'child')?.error).toContain(refusal);
    await deletion;
    await expect(again).resolves.toEqual({ id: runbookId });
    // Only the parent's run is left, with its own records.
    expect(count('SELECT count(*) AS n FROM runs')).toBe(1);
    expect(count(`SELECT count(*) AS n FROM run_steps WHERE run_id <> '${parentRunId}'`)).toBe(0);
    await expect(api.call('runbooks.get', { id: runbookId })).rejects.toMatchObject({ code: 'not_found' });
    // The calls its runs made stay in the call log.
    expect((await api.call('integrations.callLog', { id: integrationId, limit: 1 })).counts.total).toBe(
      3_001,
    );
    await expect(api.call('runbooks.delete', { id: runbookId })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('stops with a clear refusal when the app closes part way, and finishes when deleted again', async () => {
    let db: Database | undefined;
    const dataDirectory = temporaryDirectory();
    const backend = startBackend(dataDirectory, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const api = inProcessApi(backend);
    const { runbookId } = await createOneCallRunbook(api, baseUrl, '/ping');
    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    await waitForRun(backend, runId);
    if (db === undefined) throw new Error('the database was not opened');
    copyRun(db, runId, 3_000);
    await expectCutShortByClose(backend, api.call('runbooks.delete', { id: runbookId }));

    const reopened = inProcessApi(startBackend(dataDirectory));
    expect((await reopened.call('runs.list', { runbookId, limit: 100 })).length).toBeGreaterThan(0);
    await expect(reopened.call('runbooks.delete', { id: runbookId })).resolves.toEqual({ id: runbookId });
    await expect(reopened.call('runbooks.get', { id: runbookId })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await reopened.call('runs.list', { runbookId, limit: 100 })).toEqual([]);
  });

  it('cancels its runs going first, so they send nothing more and their calls stay in the log', async () => {
    const logged: string[] = [];
    const backend = startBackend(undefined, undefined, { log: (line) => logged.push(line) });
    const api = inProcessApi(backend);
    const { integrationId, runbookId } = await createOneCallRunbook(api, baseUrl, '/slow');
    const heldBefore = held.length;
    await api.call('runs.start', { runbookId, inputs: {} });
    await vi.waitFor(() => expect(held.length).toBe(heldBefore + 1), { timeout: 10_000 });

    await api.call('runbooks.delete', { id: runbookId });
    // Its request was given up on (the run cancelled), not left going for a run that is gone.
    await held[heldBefore]?.closed;
    expect((await api.call('runs.list', { runbookId, limit: 10 })).length).toBe(0);
    // Its one call stays in the log, and no record was refused for a run already deleted.
    expect((await api.call('integrations.callLog', { id: integrationId, limit: 1 })).counts.total).toBe(1);
    expect(logged.filter((line) => line.includes('could not be written'))).toEqual([]);
  });

  it('deleted in another process on the data folder, cancels its run going here, and nothing of it is left', async () => {
    const logged: string[] = [];
    const dataDirectory = temporaryDirectory();
    const app = startBackend(dataDirectory, undefined, { log: (line) => logged.push(line) });
    const serve = startBackend(dataDirectory, undefined, { log: (line) => logged.push(`serve: ${line}`) });
    const api = inProcessApi(app);
    const { runbookId } = await createOneCallRunbook(api, baseUrl, '/slow');
    const heldBefore = held.length;
    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    await vi.waitFor(() => expect(held.length).toBe(heldBefore + 1), { timeout: 10_000 });
    // The run's row reaches the disk a moment after it starts (bounded, 5 s).
    await vi.waitFor(
      async () => expect((await inProcessApi(serve).call('runs.list', { runbookId })).length).toBe(1),
      { timeout: 5_000 },
    );

    await inProcessApi(serve).call('runbooks.delete', { id: runbookId });
    // Its request is given up on here (the run cancelled here, within seconds).
    await held[heldBefore]?.closed;
    await vi.waitFor(
      async () => expect(await api.call('runs.get', { id: runId }).catch(() => null)).toBeNull(),
      {
        timeout: 5_000,
      },
    );
    expect(await api.call('runs.list', { runbookId, limit: 10 })).toEqual([]);
    expect(logged.filter((line) => line.includes('could not be written'))).toEqual([]);
  });
});
