/**
 * A run on a worker carries the integration rows it can reach: its methods' integrations and those
 * their `{{config.…}}` values read (a vault of each client's keys), never an integration it does
 * not use; each client's run sends with its own key. Real redis-server, a real worker, a local
 * HTTP target.
 */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { Database } from '../db/database';
import { oneStepDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi, type TypedApi } from '../testSupport/typedApi';
import { createSecretsVault } from '../runGroups/testSupport/secretsVault';
import { takeRunSnapshot } from './runSnapshot';
import { startPostingMain, startTestWorker } from './testSupport/queueMain';
import { useQueueTestBed } from './testSupport/queueTestBed';

const bed = useQueueTestBed();

/**
 * A Secrets-only vault of each client's key (client mode, `{{config.vault.key}}`), an integration
 * the runbook never uses, and a runbook whose one method sends its client's key in the path.
 */
async function clientsRunbook(call: TypedApi['call'], baseUrl: string) {
  await createSecretsVault(call, 'Vault', true, [
    { name: 'Acme keys', clientName: 'Acme', secret: 'key-of-acme' },
    { name: 'Globex keys', clientName: 'Globex', secret: 'key-of-globex' },
  ]);
  await createSecretsVault(call, 'Unused', false, [
    { name: 'Ours', clientName: '', secret: 'key-never-sent' },
  ]);
  const { id: integrationId } = await call('integrations.create', {
    details: { name: 'Checker', category: 'Other' },
  });
  await call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
  const { id: methodId } = await call('methods.create', {
    integrationId,
    definition: { name: 'Check', httpMethod: 'GET', path: '/check/{{config.vault.key}}' },
  });
  const { id: runbookId } = await call('runbooks.create', { details: { name: 'Check keys' } });
  const draft = oneStepDraft({ id: 'check', name: 'Check', type: 'method', methodId, arguments: {} });
  await call('runbooks.update', { id: runbookId, draft });
  return { runbookId, draft };
}

describe('a client’s run in queue mode', () => {
  it('runs on a worker with its client’s key, for every client of the group', async () => {
    const { main, api } = await startPostingMain(bed.redis, bed.target.url);
    const worker = startTestWorker(bed.redis, 2);
    try {
      await worker.ready;
      const { runbookId } = await clientsRunbook(api.call, bed.target.url);
      const started = await api.call('runGroups.start', { runbookId, clients: 'all' });
      const group = await main.runGroups.settled(started.id);
      expect(group.members.map((member) => [member.client, member.status])).toEqual([
        ['Acme', 'succeeded'],
        ['Globex', 'succeeded'],
      ]);
      expect([...bed.received].sort()).toEqual(['GET /check/key-of-acme', 'GET /check/key-of-globex']);
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('carries the rows of the integrations it reaches, and of no other', async () => {
    let db: Database | undefined;
    const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const { draft } = await clientsRunbook(inProcessApi(backend).call, bed.target.url);
    const snapshot = takeRunSnapshot(db as Database, runbookGraphSchema.parse(draft), false, () => undefined);
    const rows = Object.fromEntries(snapshot.rows);
    expect(rows.integrations?.map((row) => row.name).sort()).toEqual(['Checker', 'Vault']);
    expect(rows.configurations?.map((row) => row.name).sort()).toEqual(['Acme keys', 'Globex keys']);
    expect(rows.configuration_secrets).toHaveLength(2);
    expect(rows.methods?.map((row) => row.name)).toEqual(['Check']);
    expect(JSON.stringify(snapshot)).not.toContain('Ours');
  });

  it('carries the rows of an integration only a step’s {{config.…}} reads, and its worker reads them', async () => {
    const { main, api } = await startPostingMain(bed.redis, bed.target.url);
    const worker = startTestWorker(bed.redis, 2);
    try {
      await worker.ready;
      const { call } = api;
      await createSecretsVault(call, 'Vault', true, [
        { name: 'Acme keys', clientName: 'Acme', secret: 'step-key-of-acme' },
        { name: 'Globex keys', clientName: 'Globex', secret: 'step-key-of-globex' },
      ]);
      const { id: integrationId } = await call('integrations.create', {
        details: { name: 'Checker', category: 'Other' },
      });
      await call('integrations.updateDefinition', {
        id: integrationId,
        definition: { baseUrl: bed.target.url },
      });
      // The method reads no configuration value: the step hands it the key.
      const { id: methodId } = await call('methods.create', {
        integrationId,
        definition: { name: 'Check', httpMethod: 'GET', path: '/step-check/{{key}}' },
      });
      const { id: runbookId } = await call('runbooks.create', { details: { name: 'Check step keys' } });
      const draft = oneStepDraft({
        id: 'check',
        name: 'Check',
        type: 'method',
        methodId,
        arguments: { key: '{{config.vault.key}}' },
      });
      await call('runbooks.update', { id: runbookId, draft });
      const group = await main.runGroups.settled(
        (await call('runGroups.start', { runbookId, clients: 'all' })).id,
      );
      expect(group.members.map((member) => [member.client, member.status])).toEqual([
        ['Acme', 'succeeded'],
        ['Globex', 'succeeded'],
      ]);
      expect(bed.received.filter((line) => line.includes('/step-check/')).sort()).toEqual([
        'GET /step-check/step-key-of-acme',
        'GET /step-check/step-key-of-globex',
      ]);
    } finally {
      await worker.close();
    }
  }, 60_000);
});
