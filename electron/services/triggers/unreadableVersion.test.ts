/**
 * A published version the app cannot read (written by a newer version of the app, or damaged)
 * keeps its own runbook's triggers from running, and no other: the start-up goes on, the webhook
 * listener binds and the other runbooks' webhooks and schedules run, through a real backend.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** Start (webhook without authentication, a daily schedule) → End. */
const triggeredDraft = {
  steps: [
    {
      id: 'start',
      name: 'Start',
      type: 'start' as const,
      webhook: { isEnabled: true, authentication: 'none' as const },
      schedule: { isEnabled: true, expression: '0 9 * * *' },
    },
    { id: 'done', name: 'Done', type: 'end' as const },
  ],
  edges: [{ from: 'start', kind: 'next' as const, to: 'done' }],
};

describe('a published version that cannot be read', () => {
  it('leaves the webhook listener and the other runbooks’ triggers running at start-up', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    await first.triggersReady;
    const api = inProcessApi(first);
    const ids: string[] = [];
    for (const name of ['Damaged', 'Healthy']) {
      const { id } = await api.call('runbooks.create', { details: { name } });
      await api.call('runbooks.update', { id, draft: triggeredDraft });
      await api.call('runbooks.publish', { id, note: '' });
      ids.push(id);
    }
    const [damaged = '', healthy = ''] = ids;
    stopBackend(first);
    const db = new Database(path.join(dataDirectory, 'runbook-designer.sqlite'));
    const unknownStep = { steps: [{ id: 'start', name: 'Start', type: 'teleport' }] };
    db.prepare('UPDATE runbook_versions SET graph = ? WHERE runbook_id = ?').run(
      JSON.stringify(unknownStep),
      damaged,
    );
    db.close();

    const logged: string[] = [];
    const backend = startBackend(dataDirectory, undefined, { log: (line) => logged.push(line) });
    await backend.triggersReady;
    expect(logged).toContain(`schedule of runbook ${damaged}: Version 1 of this runbook could not be read.`);
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: healthy });
    expect(status.schedule.nextTimes).toHaveLength(5);
    expect(status.webhook.url).not.toBeNull();
    const answer = await fetch(status.webhook.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(202);
  });
});
