/**
 * Exporting a runbook through the backend: every secret the data directory holds is a unique
 * marker, and none of them, nor any database id, may appear in the file; exporting twice gives
 * the same bytes.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runbookFileFormat, runbookFileName, type RunbookFile } from '../../../shared/io/runbookFile';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const marker = () => `SECRET-MARKER-${crypto.randomBytes(6).toString('hex')}`;

async function setUp() {
  const backend = startBackend();
  const markers: string[] = [];
  const ids: string[] = [];
  const secret = () => {
    const value = marker();
    markers.push(value);
    return value;
  };
  const { call } = inProcessApi(backend);

  // An API with bearer auth and one with OAuth client credentials, each with a configuration
  // whose every secret field holds a marker; and a Secrets-only integration with a password.
  const api = await call('integrations.create', {
    details: { name: 'Helpdesk', category: 'PSA' },
  });
  await call('integrations.updateDefinition', {
    id: api.id,
    definition: { baseUrl: 'https://helpdesk.example', auth: { type: 'bearer' }, variablePrefix: 'helpdesk' },
  });
  const config = await call('configurations.create', {
    integrationId: api.id,
    name: 'Production',
    secrets: { token: secret() },
  });
  const oauth = await call('integrations.create', {
    details: { name: 'Graph', category: 'Cloud' },
  });
  await call('integrations.updateDefinition', {
    id: oauth.id,
    definition: {
      baseUrl: 'https://graph.example',
      auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://login.example/token' },
    },
  });
  await call('configurations.create', {
    integrationId: oauth.id,
    name: 'Tenant',
    values: { clientId: 'client-id-is-not-secret' },
    secrets: { clientSecret: secret() },
  });
  const vault = await call('integrations.create', {
    details: { name: 'Vault', category: 'Other' },
  });
  await call('integrations.updateDefinition', {
    id: vault.id,
    definition: {
      protocol: 'secrets',
      variablePrefix: 'vault',
      customFields: [{ name: 'password', label: 'Password', type: 'password' }],
    },
  });
  await call('configurations.create', {
    integrationId: vault.id,
    name: 'Main',
    secrets: { password: secret() },
  });

  const getTicket = await call('methods.create', {
    integrationId: api.id,
    definition: {
      name: 'Get ticket',
      httpMethod: 'GET',
      path: '/tickets/{id}',
      headers: [{ key: 'X-Vault', value: '{{config.vault.password}}', isEnabled: true }],
      outputs: [{ name: 'title', expression: 'response^title!' }],
    },
  });
  const listUsers = await call('methods.create', {
    integrationId: oauth.id,
    definition: { name: 'List users', httpMethod: 'GET', path: '/users' },
  });
  const child = await call('runbooks.create', { details: { name: 'Notify' } });
  await call('runbooks.update', {
    id: child.id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'users', name: 'Users', type: 'method', methodId: listUsers.id },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'users' },
        { from: 'users', kind: 'success', to: 'done' },
      ],
    },
  });
  const runbook = await call('runbooks.create', {
    details: { name: 'Close stale tickets', description: 'Nightly', tags: ['psa', 'nightly'] },
  });
  await call('runbooks.update', {
    id: runbook.id,
    draft: {
      inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true } },
        {
          id: 'get',
          name: 'Get',
          type: 'method',
          methodId: getTicket.id,
          configuration: { mode: 'named', configurationId: config.id },
          arguments: { id: '{{inputs.ticket}}' },
        },
        { id: 'notify', name: 'Notify', type: 'runRunbook', runbookId: child.id },
        { id: 'done', name: 'Done', type: 'end', message: '{{steps.get.outputs.title}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'get' },
        { from: 'get', kind: 'success', to: 'notify' },
        { from: 'notify', kind: 'success', to: 'done' },
      ],
      positions: {
        start: { x: 0, y: 0 },
        get: { x: 0, y: 140 },
        notify: { x: 0, y: 280 },
        done: { x: 0, y: 420 },
      },
    },
  });
  await call('runbooks.setTriggerSecret', { id: runbook.id, secret: secret() });
  // Every marker really is stored (encrypted), so the scan below means something.
  for (const [integrationId, field] of [
    [api.id, 'token'],
    [oauth.id, 'clientSecret'],
    [vault.id, 'password'],
  ] as const) {
    const [stored] = await call('configurations.list', { integrationId });
    expect(stored?.secrets[field]?.set, `${field} is stored`).toBe(true);
  }
  ids.push(api.id, oauth.id, vault.id, config.id, getTicket.id, listUsers.id, child.id, runbook.id);
  return { backend, call, markers, ids, runbookId: runbook.id };
}

describe('runbook export', () => {
  it('carries the runbook, its sub-runbook, methods and integrations — and no secret, no database id', async () => {
    const { call, markers, ids, runbookId } = await setUp();
    const exported = await call('runbooks.export', { id: runbookId });
    expect(exported.fileName).toBe('close-stale-tickets.runbook.json');
    for (const value of [...markers, ...ids]) expect(exported.content).not.toContain(value);

    const file = JSON.parse(exported.content) as RunbookFile;
    expect(file.format).toBe(runbookFileFormat);
    expect(file.schemaVersion).toBe(1);
    expect(file.runbook.name).toBe('Close stale tickets');
    expect(file.runbook.tags).toEqual(['nightly', 'psa']);
    expect(file.runbooks.map((runbook) => runbook.name)).toEqual(['Notify']);
    expect(
      file.integrations.map((integration) => [integration.name, integration.methods.map((m) => m.name)]),
    ).toEqual([
      ['Graph', ['List users']],
      ['Helpdesk', ['Get ticket']],
      // Read by "Get ticket"'s {{config.vault.password}}: its definition, never its values.
      ['Vault', []],
    ]);
    expect(file.runbook.steps).toContainEqual(
      expect.objectContaining({
        id: 'get',
        method: { integration: 'Helpdesk', name: 'Get ticket' },
        configuration: { mode: 'named', configurationName: 'Production' },
      }),
    );
    expect(file.runbook.steps).toContainEqual(expect.objectContaining({ id: 'notify', runbook: 'Notify' }));
    expect(file.layout['Close stale tickets']?.get).toEqual({ x: 0, y: 140 });
    // The text starts with what it is.
    expect(
      exported.content.startsWith('{\n  "format": "runbook-designer/runbook",\n  "schemaVersion": 1,'),
    ).toBe(true);
  });

  it('gives the same bytes every time, whatever order the draft keeps its steps in', async () => {
    const { call, runbookId } = await setUp();
    const first = await call('runbooks.export', { id: runbookId });
    expect((await call('runbooks.export', { id: runbookId })).content).toBe(first.content);
    const runbook = await call('runbooks.get', { id: runbookId });
    await call('runbooks.update', {
      id: runbookId,
      draft: {
        ...runbook.draft,
        steps: [...runbook.draft.steps].reverse(),
        edges: [...runbook.draft.edges].reverse(),
      },
    });
    expect((await call('runbooks.export', { id: runbookId })).content).toBe(first.content);
  });

  it('names files safely', () => {
    expect(runbookFileName('Ärger: Tickets / Nacht!')).toBe('arger-tickets-nacht.runbook.json');
    expect(runbookFileName('***')).toBe('runbook.runbook.json');
  });

  it('carries the integrations a step’s {{config.…}} reads, without values, so the file checks out elsewhere', async () => {
    const mine = inProcessApi(startBackend()).call;
    const { id: vaultId } = await mine('integrations.create', {
      details: { name: 'Vault', category: 'Other' },
    });
    await mine('integrations.updateDefinition', {
      id: vaultId,
      definition: {
        protocol: 'secrets',
        variablePrefix: 'vault',
        customFields: [{ name: 'region', label: 'Region', type: 'text' }],
      },
    });
    const region = marker();
    await mine('configurations.create', { integrationId: vaultId, name: 'Ours', values: { region } });
    const { id: runbookId } = await mine('runbooks.create', { details: { name: 'By region' } });
    await mine('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          {
            id: 'is_eu',
            name: 'Is EU',
            type: 'condition',
            rules: [{ left: '{{config.vault.region}}', operator: 'equals', right: 'eu' }],
          },
          { id: 'eu', name: 'EU', type: 'end' },
          { id: 'other', name: 'Other', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'is_eu' },
          { from: 'is_eu', kind: 'true', to: 'eu' },
          { from: 'is_eu', kind: 'false', to: 'other' },
        ],
      },
    });
    const { content } = await mine('runbooks.export', { id: runbookId });
    expect(content).not.toContain(region);
    const file = JSON.parse(content) as RunbookFile;
    expect(file.integrations.map((integration) => [integration.name, integration.methods.length])).toEqual([
      ['Vault', 0],
    ]);

    const theirs = inProcessApi(startBackend()).call;
    const imported = await theirs('runbooks.import', { content });
    expect(await theirs('runbooks.validate', { id: imported.runbookId })).toEqual({ issues: [] });
  });
});
