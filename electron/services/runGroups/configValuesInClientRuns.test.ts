/**
 * In a client's run, a `{{config.<prefix>.<field>}}` value of an integration in client
 * configuration mode (a Secrets-only vault of each client's API keys) is read from that client's
 * configuration, never from the primary one, which belongs to another client; a client without
 * one is told so and nothing is sent. The team's own integration (not in client mode) keeps its
 * primary configuration for every client, and a run for no client reads the primary one.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { waitForRun } from '../testSupport/runs';
import { oneStepDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createSecretsVault } from './testSupport/secretsVault';

let server: LocalServer;
/** `<x-key> <x-team>` of each request. */
const received: string[] = [];
beforeAll(async () => {
  server = await listen(
    http.createServer((request, response) => {
      const header = (name: string) => String(request.headers[name] ?? '-');
      received.push(`${header('x-key')} ${header('x-team')}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }),
  );
});
afterAll(() => server.close());

describe('{{config.…}} values in a client’s run', () => {
  it('are the client’s own for an integration in client mode, and stay for the team’s own', async () => {
    const backend = startBackend();
    const call = inProcessApi(backend).call;
    await createSecretsVault(call, 'Vault', true, [
      { name: 'Acme keys', clientName: 'Acme', secret: 'key-of-acme' },
      { name: 'Globex keys', clientName: 'Globex', secret: 'key-of-globex' },
    ]);
    await createSecretsVault(call, 'Team', false, [{ name: 'Ours', clientName: '', secret: 'team-key' }]);
    const { id: integrationId } = await call('integrations.create', {
      details: { name: 'Checker', category: 'Other' },
    });
    await call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl: server.url } });
    const { id: methodId } = await call('methods.create', {
      integrationId,
      definition: {
        name: 'Check',
        httpMethod: 'GET',
        path: '/check',
        headers: [
          { key: 'x-key', value: '{{config.vault.key}}', isEnabled: true },
          { key: 'x-team', value: '{{config.team.key}}', isEnabled: true },
        ],
      },
    });
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Check with keys' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'check', name: 'Check', type: 'method', methodId }),
    });

    const started = await call('runGroups.start', { runbookId, clients: ['Acme', 'Globex', 'Hooli'] });
    const group = await backend.runGroups.settled(started.id);
    expect(group.members.map((member) => [member.client, member.status])).toEqual([
      ['Acme', 'succeeded'],
      ['Globex', 'succeeded'],
      ['Hooli', 'failed'],
    ]);
    expect(received.sort()).toEqual(['key-of-acme team-key', 'key-of-globex team-key']);
    const hooli = await call('runs.get', { id: group.members[2]?.runId ?? '' });
    expect(hooli.steps.find((step) => step.stepId === 'check')?.error).toBe(
      'Hooli has no configuration of "Vault", an integration in client configuration mode: add one for Hooli.',
    );

    // "All clients": the clients of the vault the method reads, though Checker has none of its own.
    expect(await call('runGroups.clients', { runbookId })).toEqual(['Acme', 'Globex']);
    const all = await backend.runGroups.settled(
      (await call('runGroups.start', { runbookId, clients: 'all' })).id,
    );
    expect(all.members.map((member) => [member.client, member.status])).toEqual([
      ['Acme', 'succeeded'],
      ['Globex', 'succeeded'],
    ]);
    expect(received.slice(-2).sort()).toEqual(['key-of-acme team-key', 'key-of-globex team-key']);

    // A run for no client reads the primary configuration, as before.
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded' });
    expect(received.at(-1)).toBe('key-of-acme team-key');
  });
});
