import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api/contract';
import { startBackend } from '../testSupport/temporaryBackend';

type Configuration = CallOutput<'configurations.setPrimary'>;

async function setUp() {
  const backend = startBackend();
  const integration = (await backend.dispatch('integrations.create', {
    details: { name: 'API', category: 'PSA' },
  })) as { id: string };
  const add = async (name: string, extra: Record<string, unknown> = {}) =>
    (await backend.dispatch('configurations.create', {
      integrationId: integration.id,
      name,
      ...extra,
    })) as Configuration;
  const list = async () =>
    (await backend.dispatch('configurations.list', { integrationId: integration.id })) as Configuration[];
  const primaries = async () => (await list()).filter((item) => item.isPrimary).map((item) => item.name);
  return { backend, integration, add, list, primaries };
}

describe('configurations', () => {
  it('makes the first configuration of an integration primary', async () => {
    const { add, primaries } = await setUp();
    expect((await add('Production')).isPrimary).toBe(true);
    expect((await add('Staging')).isPrimary).toBe(false);
    expect(await primaries()).toEqual(['Production']);
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
    const updated = (await backend.dispatch('configurations.update', {
      id: created.id,
      name: 'Production',
      secrets: { token: 'two', apiKey: null },
    })) as Configuration;
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
    const updated = (await backend.dispatch('configurations.update', {
      id: created.id,
      name: 'Production',
      secrets: { token: '' },
    })) as Configuration;
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
    const renamed = (await backend.dispatch('configurations.update', {
      id: created.id,
      name: 'Contoso production',
      clientName: 'Contoso',
      baseUrl: 'https://contoso.example/api',
      values: { tenant: 'contoso' },
    })) as Configuration;
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

  it('is deleted with its integration', async () => {
    const { backend, integration, add } = await setUp();
    const created = await add('Production', { secrets: { token: 't' } });
    await backend.dispatch('integrations.delete', { id: integration.id });
    expect(backend.configurations.readSecret(created.id, 'token')).toBeUndefined();
  });
});
