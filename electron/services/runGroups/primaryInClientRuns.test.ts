/**
 * In a client's run, a step set to the primary configuration of an integration in client
 * configuration mode sends with that client's configuration (the primary one belongs to another
 * client); the primary configuration of an integration not in client mode (the team's own tool)
 * stays; a client without a configuration of it is told so and nothing is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createClientsRunbook, startClientsApi, type ClientsApi } from './testSupport/clientsApi';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi(5);
});
afterAll(() => api.close());

describe('the primary configuration in a client’s run', () => {
  it('is the client’s own for an integration in client mode, and stays for the team’s own tool', async () => {
    const backend = startBackend();
    const call = inProcessApi(backend).call;
    const { runbookId, integrationId } = await createClientsRunbook(backend, api, ['Acme', 'Globex']);
    // The team's own tool: one primary configuration, no client mode.
    const { id: teamId } = await call('integrations.create', {
      details: { name: 'Team PSA', category: 'Other' },
    });
    await call('integrations.updateDefinition', {
      id: teamId,
      definition: {
        baseUrlMode: 'fixed',
        baseUrl: `${api.url}/ok/team`,
        behaviour: { retry: { isEnabled: false } },
      },
    });
    await call('configurations.create', { integrationId: teamId, name: 'Ours' });
    const { id: noteId } = await call('methods.create', {
      integrationId: teamId,
      definition: { name: 'Note', httpMethod: 'GET', path: '/note' },
    });
    // A client with a configuration of the team's tool only: none of the client-mode integration.
    await call('configurations.create', { integrationId: teamId, name: 'Hooli', clientName: 'Hooli' });
    const [primary] = (await call('configurations.list', { integrationId })).filter((row) => row.isPrimary);
    expect(primary?.clientName).toBe('Acme');

    const { draft } = await call('runbooks.get', { id: runbookId });
    await call('runbooks.update', {
      id: runbookId,
      draft: runbookGraphSchema.parse({
        ...draft,
        steps: [
          ...draft.steps.map((step) =>
            step.type === 'method' ? { ...step, configuration: { mode: 'primary' } } : step,
          ),
          { id: 'note', name: 'Note', type: 'method', methodId: noteId, configuration: { mode: 'primary' } },
        ],
        edges: [
          ...draft.edges.filter((edge) => edge.from !== 'health' || edge.kind !== 'success'),
          { from: 'health', kind: 'success', to: 'note' },
          { from: 'note', kind: 'success', to: 'ok' },
        ],
      }),
    });

    const before = api.received.length;
    const started = await call('runGroups.start', { runbookId, clients: ['Acme', 'Globex', 'Hooli'] });
    const group = await backend.runGroups.settled(started.id);
    expect(group.members.map((member) => [member.client, member.status])).toEqual([
      ['Acme', 'succeeded'],
      ['Globex', 'succeeded'],
      ['Hooli', 'failed'],
    ]);
    expect(api.received.slice(before).sort()).toEqual([
      'GET /ok/Acme/health',
      'GET /ok/Globex/health',
      'GET /ok/team/note',
      'GET /ok/team/note',
    ]);
    const hooli = group.members.find((member) => member.client === 'Hooli');
    const run = await call('runs.get', { id: hooli?.runId ?? '' });
    expect(run.steps.find((step) => step.stepId === 'health')?.error).toBe(
      'Hooli has no configuration of "Client API", an integration in client configuration mode: add one for Hooli.',
    );

    // A run for no client sends with the primary configuration, as before.
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    await expect.poll(async () => (await call('runs.get', { id: runId })).status).toBe('succeeded');
    expect(api.received.at(-2)).toBe('GET /ok/Acme/health');
  });
});
