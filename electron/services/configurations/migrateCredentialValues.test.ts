/** Credentials an earlier version kept as plain configuration values move into the encrypted store. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const marker = 'tok-old-clear-7f3a9c';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An API that answers with the Authorization header it received. */
async function startEcho(): Promise<string> {
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ authorization: request.headers.authorization ?? null }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

const bytesOf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file).toString('latin1') : '');

/** What the echo API answered to a request sent with the configuration (its credential masked). */
async function authorizationSent(
  backend: ReturnType<typeof startBackend>,
  integrationId: string,
  configurationId: string,
): Promise<unknown> {
  const result = await inProcessApi(backend).call('methods.test', {
    integrationId,
    methodId: null,
    definition: { name: 'Who am I', httpMethod: 'GET', path: '/me' },
    configurationId,
    variables: {},
  });
  expect(result.error).toBeNull();
  return result.response?.body;
}

describe('credentials stored as plain values by an earlier version', () => {
  it('are moved into secrets at start-up, still used for requests, and gone from the database files', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const baseUrl = await startEcho();
    const { id: integrationId } = await inProcessApi(first).call('integrations.create', {
      details: { name: 'API', category: 'PSA' },
    });
    await first.dispatch('integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrl, auth: { type: 'bearer' } },
    });
    const created = await inProcessApi(first).call('configurations.create', {
      integrationId,
      name: 'Production',
      values: { region: 'eu' },
    });
    const databaseFile = first.databaseFile;
    stopBackend(first);
    // As an earlier version stored it: the token among the plain values.
    const db = openDatabase({ file: databaseFile });
    db.prepare('UPDATE configurations SET values_json = ? WHERE id = ?').run(
      JSON.stringify({ region: 'eu', token: marker }),
      created.id,
    );
    db.close();

    const log: string[] = [];
    const second = startBackend(dataDirectory, undefined, { log: (line) => log.push(line) });
    const [stored] = await inProcessApi(second).call('configurations.list', { integrationId });
    expect(stored?.values).toEqual({ region: 'eu' });
    expect(stored?.secrets).toEqual({ token: { set: true, masked: '••••' } });
    expect(log).toContain(
      'moved the credentials of 1 configuration(s) out of plain values into the encrypted store',
    );
    for (const file of [databaseFile, `${databaseFile}-wal`]) expect(bytesOf(file)).not.toContain(marker);

    // The API got the token; what the app shows of it is masked.
    expect(await authorizationSent(second, integrationId, created.id)).toBe(
      '{"authorization":"Bearer ••••"}',
    );

    stopBackend(second);
    const third: string[] = [];
    startBackend(dataDirectory, undefined, { log: (line) => third.push(line) });
    expect(third.filter((line) => line.startsWith('moved the credentials'))).toEqual([]);
  });
});

describe('a plain value that becomes a credential when the authorization changes', () => {
  it('moves into secrets at once, still authenticates, and leaves no clear copy in the database files', async () => {
    const backend = startBackend();
    const baseUrl = await startEcho();
    const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
      details: { name: 'API', category: 'PSA' },
    });
    await backend.dispatch('integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrl, auth: { type: 'none' } },
    });
    // Accepted: under "none", token is no credential.
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId,
      name: 'Production',
      values: { region: 'eu', token: marker },
    });
    await backend.dispatch('integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrl, auth: { type: 'bearer' } },
    });

    const [stored] = await inProcessApi(backend).call('configurations.list', { integrationId });
    expect(stored?.values).toEqual({ region: 'eu' });
    expect(stored?.secrets).toEqual({ token: { set: true, masked: '••••' } });
    const { databaseFile } = backend;
    for (const file of [databaseFile, `${databaseFile}-wal`]) expect(bytesOf(file)).not.toContain(marker);

    expect(await authorizationSent(backend, integrationId, created.id)).toBe(
      '{"authorization":"Bearer ••••"}',
    );
  });

  it('moves a custom field made a password field, the authorization unchanged', async () => {
    const backend = startBackend();
    const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
      details: { name: 'Vault', category: 'PSA' },
    });
    const fields = (type: string) => [
      { name: 'tenant', label: 'Tenant', type: 'text' },
      { name: 'adminPassword', label: 'Admin password', type },
    ];
    const definition = (type: string) => ({ protocol: 'secrets', customFields: fields(type) });
    await backend.dispatch('integrations.updateDefinition', {
      id: integrationId,
      definition: definition('text'),
    });
    await backend.dispatch('configurations.create', {
      integrationId,
      name: 'Vault',
      values: { tenant: 'contoso', adminPassword: marker },
    });
    await backend.dispatch('integrations.updateDefinition', {
      id: integrationId,
      definition: definition('password'),
    });
    const [stored] = await inProcessApi(backend).call('configurations.list', { integrationId });
    expect(stored?.values).toEqual({ tenant: 'contoso' });
    expect(stored?.secrets).toEqual({ adminPassword: { set: true, masked: '••••' } });
  });
});
