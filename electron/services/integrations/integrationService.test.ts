import { describe, expect, it } from 'vitest';
import { solidPng } from '../../../test/e2e/support/png';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

async function create(
  backend: ReturnType<typeof startBackend>,
  details: { name: string } & Record<string, string>,
  logo?: Buffer,
) {
  return await inProcessApi(backend).call('integrations.create', {
    details: { category: 'PSA', ...details },
    ...(logo === undefined ? {} : { logo: { base64: logo.toString('base64') } }),
  });
}

async function names(
  backend: ReturnType<typeof startBackend>,
  search: string,
  category = '',
): Promise<string[]> {
  const result = await inProcessApi(backend).call('integrations.list', { search, category });
  return result.items.map((item) => item.name);
}

describe('integrations', () => {
  it('creates, reads, updates and deletes an integration', async () => {
    const backend = startBackend();
    const created = await create(backend, {
      name: '  HaloPSA ',
      description: 'Service desk',
      versionLabel: 'v2',
    });
    expect(created).toMatchObject({
      name: 'HaloPSA',
      category: 'PSA',
      description: 'Service desk',
      versionLabel: 'v2',
      notes: '',
      logo: null,
    });
    const updated = await inProcessApi(backend).call('integrations.update', {
      id: created.id,
      details: { name: 'HaloPSA', category: 'PSA', notes: 'see docs' },
    });
    expect(updated.notes).toBe('see docs');
    expect(await backend.dispatch('integrations.get', { id: created.id })).toMatchObject({
      notes: 'see docs',
    });
    await backend.dispatch('integrations.delete', { id: created.id });
    await expect(backend.dispatch('integrations.get', { id: created.id })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses a second integration with the same name in another case', async () => {
    const backend = startBackend();
    await create(backend, { name: 'NinjaOne' });
    await expect(create(backend, { name: 'ninjaone' })).rejects.toMatchObject({
      code: 'conflict',
      field: 'name',
    });
  });

  it('lets an integration keep its own name on update', async () => {
    const backend = startBackend();
    const created = await create(backend, { name: 'Kept' });
    await expect(
      backend.dispatch('integrations.update', { id: created.id, details: { name: 'KEPT', category: 'RMM' } }),
    ).resolves.toMatchObject({ name: 'KEPT', category: 'RMM' });
  });

  it('finds integrations by name or description, case-insensitively', async () => {
    const backend = startBackend();
    await create(backend, { name: 'HaloPSA', description: 'Tickets and clients' });
    await create(backend, { name: 'NinjaOne', description: 'Endpoint monitoring', category: 'RMM' });
    expect(await names(backend, 'halo')).toEqual(['HaloPSA']);
    expect(await names(backend, 'MONITOR')).toEqual(['NinjaOne']);
    expect(await names(backend, '')).toEqual(['HaloPSA', 'NinjaOne']);
  });

  it('treats % and _ in a search as plain characters', async () => {
    const backend = startBackend();
    await create(backend, { name: '100% uptime' });
    await create(backend, { name: 'a_b' });
    await create(backend, { name: 'axb' });
    expect(await names(backend, '%')).toEqual(['100% uptime']);
    expect(await names(backend, 'a_b')).toEqual(['a_b']);
  });

  it('filters by category and lists the custom categories in use', async () => {
    const backend = startBackend();
    await create(backend, { name: 'One', category: 'PSA' });
    await create(backend, { name: 'Two', category: 'Home-grown' });
    expect(await names(backend, '', 'Home-grown')).toEqual(['Two']);
    const result = await inProcessApi(backend).call('integrations.list', {});
    expect(result.categories).toEqual(expect.arrayContaining(['PSA', 'RMM', 'Home-grown']));
  });

  it('stores a logo and returns it as a data URL', async () => {
    const backend = startBackend();
    const png = solidPng(32, 32);
    const created = await create(backend, { name: 'Logo' }, png);
    expect(created.logo).toEqual({ mimeType: 'image/png', width: 32, height: 32 });
    const { dataUrl } = await inProcessApi(backend).call('integrations.logo', { id: created.id });
    expect(dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
  });

  it('keeps the logo when an update leaves it out, and removes it on null', async () => {
    const backend = startBackend();
    const created = await create(backend, { name: 'Logo' }, solidPng(8, 8));
    const details = { name: 'Logo', category: 'PSA' };
    expect(
      (await inProcessApi(backend).call('integrations.update', { id: created.id, details })).logo,
    ).not.toBeNull();
    const removed = await inProcessApi(backend).call('integrations.update', {
      id: created.id,
      details,
      logo: null,
    });
    expect(removed.logo).toBeNull();
  });

  it('refuses a logo that is too large and saves nothing', async () => {
    const backend = startBackend();
    await expect(create(backend, { name: 'Big' }, solidPng(800, 10))).rejects.toMatchObject({
      code: 'invalid_logo',
      field: 'logo',
    });
    expect(await names(backend, '')).toEqual([]);
  });

  it('requires a name and a category, naming the field', async () => {
    const backend = startBackend();
    await expect(
      backend.dispatch('integrations.create', { details: { name: ' ', category: 'PSA' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'details.name',
    });
    await expect(backend.dispatch('integrations.create', { details: { name: 'x' } })).rejects.toMatchObject({
      field: 'details.category',
    });
  });

  it('counts what a delete takes with it', async () => {
    const backend = startBackend();
    const created = await create(backend, { name: 'Impact' });
    await backend.dispatch('configurations.create', { integrationId: created.id, name: 'A' });
    await backend.dispatch('configurations.create', { integrationId: created.id, name: 'B' });
    expect(await backend.dispatch('integrations.deletionImpact', { id: created.id })).toEqual({
      configurations: 2,
      methods: 0,
      runbooks: [],
    });
  });

  it('emits an event for each change', async () => {
    const backend = startBackend();
    const seen: string[] = [];
    backend.events.onDidEmit((message) =>
      seen.push(`${message.name}:${'change' in message.payload ? message.payload.change : ''}`),
    );
    const created = await create(backend, { name: 'Evented' });
    await backend.dispatch('integrations.update', {
      id: created.id,
      details: { name: 'Evented', category: 'PSA' },
    });
    await backend.dispatch('integrations.delete', { id: created.id });
    expect(seen).toEqual([
      'integrations.changed:created',
      'integrations.changed:updated',
      'integrations.changed:deleted',
    ]);
  });
});

describe('cached tokens and the authorization settings', () => {
  it('forgets the tokens of every configuration when the authorization changes, and only then', async () => {
    const { startOAuth2TestIssuer } = await import('../http/authorizers/testSupport/oauth2TestIssuer');
    const issuer = await startOAuth2TestIssuer();
    try {
      const backend = startBackend();
      const integration = await create(backend, { name: 'Tokens' });
      const auth = { type: 'oauth2', grantType: 'client_credentials', tokenUrl: issuer.tokenUrl };
      const define = (extra: Record<string, unknown>) =>
        backend.dispatch('integrations.updateDefinition', {
          id: integration.id,
          definition: { baseUrl: issuer.apiUrl, auth, ...extra },
        });
      await define({});
      const configuration = await inProcessApi(backend).call('configurations.create', {
        integrationId: integration.id,
        name: 'Production',
        values: { clientId: 'runbook-designer' },
        secrets: { clientSecret: 'cs-7f6e5d4c3b2a' },
      });
      const getToken = async () => {
        const result = await inProcessApi(backend).call('methods.test', {
          integrationId: integration.id,
          definition: { name: 'Me', httpMethod: 'GET', path: '/me' },
        });
        expect(result.response?.status, JSON.stringify(result.error)).toBe(200);
      };
      const hadToken = async () =>
        (await inProcessApi(backend).call('configurations.clearTokens', { id: configuration.id })).wasCleared;

      await getToken();
      await define({ description: 'Same sign-in, new words' });
      expect(await hadToken()).toBe(true); // unrelated change: the token was kept

      await getToken();
      await define({ auth: { ...auth, scope: 'tickets.write' } });
      expect(await hadToken()).toBe(false); // another scope: the token went
    } finally {
      await issuer.stop();
    }
  });
});
