import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInput } from '../../../shared/api/contract';
import { databaseFileName } from '../backend';
import { openDatabase, type Database } from '../db/database';
import { createConfigurationRepository } from '../db/repositories/configurationRepository';
import { createKeyringRepository } from '../db/repositories/keyringRepository';
import { createTokenRepository } from '../db/repositories/tokenRepository';
import { createMasterKeyProvider } from '../secrets/masterKeyProvider';
import { createSecretStore } from '../secrets/secretStore';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { createConfigurationAccess } from './configurationAccess';
import { createSecretsIntegration } from '../testSupport/secretsIntegration';
import { inProcessApi } from '../testSupport/typedApi';

/** An integration that reads every secret these tests set. */
const addIntegration = (backend: ReturnType<typeof startBackend>) =>
  createSecretsIntegration(inProcessApi(backend), { name: 'API', category: 'PSA' }, [
    'token',
    'apiKey',
    'password',
    'clientSecret',
  ]);

async function setUp() {
  const backend = startBackend();
  const integration = await addIntegration(backend);
  const add = async (name: string, extra: Record<string, unknown> = {}) =>
    await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name,
      ...extra,
    });
  const list = async () =>
    await inProcessApi(backend).call('configurations.list', { integrationId: integration.id });
  const primaries = async () => (await list()).filter((item) => item.isPrimary).map((item) => item.name);
  return { backend, integration, add, list, primaries };
}

/** An integration with these authorization settings. */
async function withAuth(auth: CallInput<'integrations.updateDefinition'>['definition']['auth']) {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Api', category: 'PSA' },
  });
  await api.call('integrations.updateDefinition', { id: integrationId, definition: { auth } });
  return { backend, api, integrationId };
}

describe('configurations', () => {
  it('makes the first configuration of an integration primary', async () => {
    const { add, primaries } = await setUp();
    expect((await add('Production')).isPrimary).toBe(true);
    expect((await add('Staging')).isPrimary).toBe(false);
    expect(await primaries()).toEqual(['Production']);
  });

  it('changes only what an update gives, so an API caller can rename without wiping values', async () => {
    const { backend, add } = await setUp();
    const created = await add('Production', {
      clientName: 'Contoso',
      baseUrl: 'https://api.contoso.example',
      values: { tenant: 'contoso' },
      secrets: { token: 'tok-1234-abcd', apiKey: 'key-5678-efgh' },
    });
    const renamed = await inProcessApi(backend).call('configurations.update', {
      id: created.id,
      name: 'Contoso production',
      secrets: { apiKey: '' },
    });
    expect(renamed).toMatchObject({
      name: 'Contoso production',
      clientName: 'Contoso',
      baseUrl: 'https://api.contoso.example',
      values: { tenant: 'contoso' },
      secrets: { token: { set: true } },
    });
    expect(renamed.secrets.apiKey?.set ?? false).toBe(false);
  });

  it('keeps exactly one primary when another is chosen', async () => {
    const { backend, add, primaries } = await setUp();
    await add('Production');
    const staging = await add('Staging');
    await backend.dispatch('configurations.setPrimary', { id: staging.id });
    expect(await primaries()).toEqual(['Staging']);
  });

  it('hands the primary flag on when the primary is deleted', async () => {
    const { backend, add, primaries } = await setUp();
    const production = await add('Production');
    await add('Staging');
    await add('Development');
    await backend.dispatch('configurations.delete', { id: production.id });
    expect(await primaries()).toHaveLength(1);
  });

  it('keeps the primary when another configuration is deleted', async () => {
    const { backend, add, primaries } = await setUp();
    await add('Production');
    const staging = await add('Staging');
    await backend.dispatch('configurations.delete', { id: staging.id });
    expect(await primaries()).toEqual(['Production']);
  });

  it('makes the next configuration primary after the last one was deleted', async () => {
    const { backend, add, primaries } = await setUp();
    const only = await add('Production');
    await backend.dispatch('configurations.delete', { id: only.id });
    expect((await add('Fresh')).isPrimary).toBe(true);
    expect(await primaries()).toEqual(['Fresh']);
  });

  it('keeps exactly one primary when the same one is chosen twice, or the primary again', async () => {
    const { backend, add, primaries } = await setUp();
    const production = await add('Production');
    const staging = await add('Staging');
    await backend.dispatch('configurations.setPrimary', { id: production.id });
    await backend.dispatch('configurations.setPrimary', { id: staging.id });
    await backend.dispatch('configurations.setPrimary', { id: staging.id });
    expect(await primaries()).toEqual(['Staging']);
    await backend.dispatch('configurations.delete', { id: staging.id });
    expect(await primaries()).toEqual(['Production']);
  });

  it('returns secrets only as a mask and a set flag', async () => {
    const { add, list } = await setUp();
    const created = await add('Production', {
      values: { username: 'svc' },
      secrets: { password: 'hunter2' },
    });
    expect(created.values).toEqual({ username: 'svc' });
    expect(created.secrets).toEqual({ password: { set: true, masked: '••••' } });
    expect(JSON.stringify(await list())).not.toContain('hunter2');
  });

  it('replaces a secret, keeps one left out, and clears one set to null', async () => {
    const { backend, add } = await setUp();
    const created = await add('Production', { secrets: { token: 'one', apiKey: 'key', password: 'kept' } });
    const updated = await inProcessApi(backend).call('configurations.update', {
      id: created.id,
      name: 'Production',
      secrets: { token: 'two', apiKey: null },
    });
    expect(updated.secrets).toEqual({
      password: { set: true, masked: '••••' },
      token: { set: true, masked: '••••' },
    });
    expect(backend.configurations.readSecret(created.id, 'token')).toBe('two');
    expect(backend.configurations.readSecret(created.id, 'password')).toBe('kept');
    expect(backend.configurations.readSecret(created.id, 'apiKey')).toBeUndefined();
  });

  it('clears a secret set to an empty text', async () => {
    const { backend, add } = await setUp();
    const created = await add('Production', { secrets: { token: 'one' } });
    const updated = await inProcessApi(backend).call('configurations.update', {
      id: created.id,
      name: 'Production',
      secrets: { token: '' },
    });
    expect(updated.secrets).toEqual({});
  });

  it('gives the HTTP layer a secret in clear, unicode included', async () => {
    const { backend, add } = await setUp();
    const created = await add('Production', { secrets: { password: 'pässwörd-密码-🔑' } });
    expect(backend.configurations.readSecret(created.id, 'password')).toBe('pässwörd-密码-🔑');
  });

  it('renames a configuration and keeps its client, base URL and values', async () => {
    const { backend, add } = await setUp();
    const created = await add('Production', {
      clientName: 'Contoso',
      baseUrl: 'https://contoso.example/api',
      values: { tenant: 'contoso' },
    });
    const renamed = await inProcessApi(backend).call('configurations.update', {
      id: created.id,
      name: 'Contoso production',
      clientName: 'Contoso',
      baseUrl: 'https://contoso.example/api',
      values: { tenant: 'contoso' },
    });
    expect(renamed).toMatchObject({
      name: 'Contoso production',
      clientName: 'Contoso',
      baseUrl: 'https://contoso.example/api',
      values: { tenant: 'contoso' },
      isPrimary: true,
    });
  });

  it('lets a configuration keep its own name on update, in another case', async () => {
    const { backend, add } = await setUp();
    const created = await add('Production');
    await expect(
      backend.dispatch('configurations.update', { id: created.id, name: 'PRODUCTION' }),
    ).resolves.toMatchObject({ name: 'PRODUCTION' });
  });

  it('refuses a rename to the name of another configuration', async () => {
    const { backend, add } = await setUp();
    await add('Production');
    const staging = await add('Staging');
    await expect(
      backend.dispatch('configurations.update', { id: staging.id, name: 'production' }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('answers not_found for a configuration that does not exist', async () => {
    const { backend } = await setUp();
    await expect(backend.dispatch('configurations.setPrimary', { id: 'missing' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses two configurations with the same name in one integration', async () => {
    const { add } = await setUp();
    await add('Production');
    await expect(add('production')).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('refuses a configuration for an integration that does not exist', async () => {
    const { backend } = await setUp();
    await expect(
      backend.dispatch('configurations.create', { integrationId: 'missing', name: 'X' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a secret its integration never reads, naming the field and the ones it reads', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id: integrationId } = await api.call('integrations.create', {
      details: { name: 'Desk', category: 'PSA' },
    });
    await api.call('integrations.updateDefinition', {
      id: integrationId,
      definition: { auth: { type: 'bearer' } },
    });
    await expect(
      api.call('configurations.create', { integrationId, name: 'Prod', secrets: { tokn: 't-1' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'secrets.tokn',
      message: '"tokn" is not a secret this integration reads: its Bearer token authorization reads "token".',
    });
    expect(await api.call('configurations.list', { integrationId })).toEqual([]);

    const created = await api.call('configurations.create', {
      integrationId,
      name: 'Prod',
      secrets: { token: 't-1' },
    });
    await expect(
      api.call('configurations.update', { id: created.id, secrets: { token: 't-2', password: 'p' } }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'secrets.password' });
    expect(backend.configurations.readSecret(created.id, 'token')).toBe('t-1');
  });

  it('takes every secret its authorization type declares, whatever the settings in force', async () => {
    const { api, integrationId } = await withAuth({
      type: 'oauth2',
      grantType: 'client_credentials',
      tokenUrl: 'https://login.example/token',
    });
    const created = await api.call('configurations.create', {
      integrationId,
      name: 'Tenant',
      secrets: { clientSecret: 's', password: 'for the password grant' },
    });
    expect(Object.keys(created.secrets).sort()).toEqual(['clientSecret', 'password']);
  });

  it('clears a secret its integration no longer reads, and refuses to set it again', async () => {
    const { api, integrationId } = await withAuth({ type: 'bearer' });
    const created = await api.call('configurations.create', {
      integrationId,
      name: 'Prod',
      secrets: { token: 't' },
    });
    await api.call('integrations.updateDefinition', {
      id: integrationId,
      definition: { auth: { type: 'none' } },
    });
    await expect(
      api.call('configurations.update', { id: created.id, secrets: { token: 'again' } }),
    ).rejects.toMatchObject({
      field: 'secrets.token',
      message: '"token" is not a secret this integration reads: its None authorization reads no secrets.',
    });
    const cleared = await api.call('configurations.update', { id: created.id, secrets: { token: null } });
    expect(cleared.secrets).toEqual({});
  });

  it("takes a Secrets-only integration's own fields and refuses other names", async () => {
    const { add } = await setUp();
    await expect(add('Production', { secrets: { pasword: 'p' } })).rejects.toMatchObject({
      field: 'secrets.pasword',
      message:
        '"pasword" is not a secret this integration reads: its fields are "token", "apiKey", "password", "clientSecret".',
    });
  });

  it('is deleted with its integration', async () => {
    const { backend, integration, add } = await setUp();
    const created = await add('Production', { secrets: { token: 't' } });
    await backend.dispatch('integrations.delete', { id: integration.id });
    expect(backend.configurations.readSecret(created.id, 'token')).toBeUndefined();
  });
});

describe('what the HTTP layer reads', () => {
  const opened: Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  /** A second connection to the backend's database, with the same data key. */
  async function setUpWithDatabase() {
    const dataDirectory = temporaryDirectory();
    const backend = startBackend(dataDirectory);
    const integration = await addIntegration(backend);
    const db = openDatabase({ file: path.join(dataDirectory, databaseFileName) });
    opened.push(db);
    const access = createConfigurationAccess({
      configurations: createConfigurationRepository(db),
      configurationService: backend.configurations,
      tokens: createTokenRepository(db),
      secrets: createSecretStore(createKeyringRepository(db), createMasterKeyProvider({ dataDirectory })),
    });
    return { backend, integration, db, access };
  }

  it('gives the window a base URL stored with a password in it with what stands before the @ as ••••', async () => {
    const { backend, integration, db, access } = await setUpWithDatabase();
    const api = inProcessApi(backend);
    const created = await api.call('configurations.create', { integrationId: integration.id, name: 'Old' });
    // Stored by a version from before such addresses were refused.
    db.prepare('UPDATE configurations SET base_url = ? WHERE id = ?').run(
      'https://olduser:oldpass77@old.example.com/api',
      created.id,
    );
    const listed = await api.call('configurations.list', { integrationId: integration.id });
    expect(listed.map((item) => item.baseUrl)).toEqual(['https://••••@old.example.com/api']);
    expect(JSON.stringify(listed)).not.toMatch(/oldpass77|olduser/);
    // Kept as stored for the requests, whose records show it as •••• (requestResultParts.ts).
    expect(access(created.id).baseUrl).toBe('https://olduser:oldpass77@old.example.com/api');
    // Sent back as shown, it is refused like any address with a user name in it.
    await expect(
      api.call('configurations.update', { id: created.id, baseUrl: listed[0]?.baseUrl ?? '' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'baseUrl' });
  });

  it('forgets a cached token once the credentials it was obtained with change', async () => {
    const { backend, integration, access } = await setUpWithDatabase();
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'Tenant A',
      values: { clientId: 'client-a' },
      secrets: { clientSecret: 'secret-a' },
    });
    access(created.id)
      .tokens.slot('s')
      .write({ accessToken: 'token-of-tenant-a', expiresAt: Date.now() + 3_600_000 });
    expect(access(created.id).tokens.slot('s').read()?.accessToken).toBe('token-of-tenant-a');

    await backend.dispatch('configurations.update', {
      id: created.id,
      name: 'Tenant A',
      values: { clientId: 'client-b' },
      secrets: { clientSecret: 'secret-b' },
    });
    expect(access(created.id).tokens.slot('s').read()).toBeUndefined();
  });

  it('keeps a cached token when only the name of its configuration changes', async () => {
    const { backend, integration, access } = await setUpWithDatabase();
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'Tenant A',
      values: { clientId: 'client-a' },
      secrets: { clientSecret: 'secret-a' },
    });
    access(created.id).tokens.slot('s').write({ accessToken: 'kept' });
    await backend.dispatch('configurations.update', {
      id: created.id,
      name: 'Tenant A (renamed)',
      values: { clientId: 'client-a' },
    });
    expect(access(created.id).tokens.slot('s').read()?.accessToken).toBe('kept');
  });

  it('keeps a token per set of settings, and drops one without the others', async () => {
    const { backend, integration, access } = await setUpWithDatabase();
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'One',
    });
    access(created.id).tokens.slot('read').write({ accessToken: 'token-read' });
    access(created.id).tokens.slot('admin').write({ accessToken: 'token-admin' });
    access(created.id).tokens.slot('read').clear();
    expect(access(created.id).tokens.slot('read').read()).toBeUndefined();
    expect(access(created.id).tokens.slot('admin').read()?.accessToken).toBe('token-admin');
  });

  it('does not open a token cache moved to another configuration', async () => {
    const { backend, integration, db, access } = await setUpWithDatabase();
    const first = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'One',
    });
    const second = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'Two',
    });
    access(first.id).tokens.slot('s').write({ accessToken: 'token-of-one' });
    db.prepare(
      'INSERT INTO oauth_tokens SELECT ?, ciphertext, expires_at, updated_at FROM oauth_tokens WHERE configuration_id = ?',
    ).run(second.id, first.id);
    expect(access(second.id).tokens.slot('s').read()).toBeUndefined();
  });

  it('refuses a secret moved to another configuration with a message that names it, not its value', async () => {
    const { backend, integration, db } = await setUpWithDatabase();
    const first = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'One',
      secrets: { password: 'password-of-one' },
    });
    const second = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'Two',
      secrets: { password: 'password-of-two' },
    });
    db.prepare(
      `UPDATE configuration_secrets SET ciphertext =
         (SELECT ciphertext FROM configuration_secrets WHERE configuration_id = ? AND field = 'password')
       WHERE configuration_id = ? AND field = 'password'`,
    ).run(first.id, second.id);
    expect(() => backend.configurations.readSecret(second.id, 'password')).toThrow(
      expect.objectContaining({
        code: 'secrets_key_mismatch',
        message: expect.stringMatching(/"password" of the configuration "Two"/),
      }),
    );
  });

  it('stores a token whose lifetime is too long for a date as one without expiry', async () => {
    const { backend, integration, access } = await setUpWithDatabase();
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'One',
    });
    access(created.id)
      .tokens.slot('s')
      .write({ accessToken: 'long-lived', expiresAt: Date.now() + 1e16 });
    expect(access(created.id).tokens.slot('s').read()?.accessToken).toBe('long-lived');
  });

  it('deletes the secrets and the token cache with the configuration', async () => {
    const { backend, integration, db, access } = await setUpWithDatabase();
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'One',
      secrets: { password: 'p' },
    });
    access(created.id).tokens.slot('s').write({ accessToken: 't' });
    await backend.dispatch('configurations.delete', { id: created.id });
    const count = (table: string) =>
      (
        db.prepare(`SELECT count(*) AS n FROM ${table} WHERE configuration_id = ?`).get(created.id) as {
          n: number;
        }
      ).n;
    expect([count('configuration_secrets'), count('oauth_tokens')]).toEqual([0, 0]);
  });
});
