/**
 * A Start step panel open in one process shows the deliveries another process on the same data
 * folder logs: its backend pushes them as its own (triggers.logged) within seconds. Two backends on
 * one temp folder stand for the app and `serve`, each with its webhook listener.
 */
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/api/contract';
import { openDatabase } from '../db/database';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

describe('trigger log entries written by another process on the data folder', () => {
  it('are pushed to this process’s windows', async () => {
    const dataDirectory = temporaryDirectory();
    const app = startBackend(dataDirectory);
    const serve = startBackend(dataDirectory);
    await Promise.all([app.triggersReady, serve.triggersReady]);
    const { call } = inProcessApi(serve);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'On delivery' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication: 'none' } },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      } as never,
    });
    await call('runbooks.publish', { id: runbookId, note: '' });
    const logged: EventPayload<'triggers.logged'>[] = [];
    app.events.onDidEmit((message) => {
      if (message.name === 'triggers.logged') logged.push(message.payload);
    });
    const url = (await call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(202);
    const { runId } = (await answer.json()) as { runId: string };

    // Bounded (5 s): the app looks once a second.
    for (let attempt = 0; attempt < 100 && logged.length === 0; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged).toEqual([
      {
        runbookId,
        entry: expect.objectContaining({ kind: 'webhook', outcome: 'started', status: 202, runId }),
        lastFiredAt: null,
      },
    ]);
  });

  it('are all pushed when another process writes more at once than one look reads', async () => {
    const dataDirectory = temporaryDirectory();
    const app = startBackend(dataDirectory);
    await app.triggersReady;
    const { id: runbookId } = await inProcessApi(app).call('runbooks.create', { details: { name: 'Busy' } });
    const logged: EventPayload<'triggers.logged'>[] = [];
    app.events.onDidEmit((message) => {
      if (message.name === 'triggers.logged') logged.push(message.payload);
    });
    // Another connection on the folder (a `serve` under a burst of deliveries) commits 600 entries at once.
    const other = openDatabase({ file: app.databaseFile });
    try {
      const add = other.prepare(
        `INSERT INTO trigger_events (runbook_id, kind, outcome, at, status, message, run_id)
         VALUES (?, 'webhook', 'refused', ?, 401, 'Refused.', NULL)`,
      );
      other.transaction(() => {
        for (let entry = 0; entry < 600; entry += 1) add.run(runbookId, new Date().toISOString());
      })();
    } finally {
      other.close();
    }
    // Bounded (5 s): the app looks once a second, 500 entries a look.
    for (let attempt = 0; attempt < 100 && logged.length < 600; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged).toHaveLength(600);
  });
});
