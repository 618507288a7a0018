/** A value that is a credential goes where credentials go: refused among plain values, by name. */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

async function integrationWith(definition: Record<string, unknown>) {
  const backend = startBackend();
  const { id } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'API', category: 'PSA' },
  });
  await backend.dispatch('integrations.updateDefinition', { id, definition });
  return { backend, integrationId: id };
}

describe('credentials among plain configuration values', () => {
  it('refuses a bearer token given as a value, naming the field, and stores nothing', async () => {
    const { backend, integrationId } = await integrationWith({ auth: { type: 'bearer' } });
    await expect(
      backend.dispatch('configurations.create', {
        integrationId,
        name: 'Production',
        values: { token: 'tok-in-clear-1234' },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'values.token',
      message:
        '"token" is the token of this integration\'s authorization; put it in secrets, where it is stored encrypted.',
    });
    expect(await backend.dispatch('configurations.list', { integrationId })).toEqual([]);
  });

  it('refuses it on update too, and keeps what was stored', async () => {
    const { backend, integrationId } = await integrationWith({
      auth: { type: 'oauth2', grantType: 'password', tokenUrl: 'https://login.example/token' },
    });
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId,
      name: 'Production',
      values: { clientId: 'app-1', username: 'svc' },
      secrets: { clientSecret: 'cs-5678-abcd', password: 'pw-9012-efgh' },
    });
    await expect(
      backend.dispatch('configurations.update', {
        id: created.id,
        values: { clientId: 'app-1', username: 'svc', clientSecret: 'cs-in-clear-0000' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'values.clientSecret' });
    const [stored] = await inProcessApi(backend).call('configurations.list', { integrationId });
    expect(stored?.values).toEqual({ clientId: 'app-1', username: 'svc' });
    expect(JSON.stringify(stored)).not.toContain('cs-in-clear-0000');
  });

  it('accepts the text fields of the same authorization as values', async () => {
    const { backend, integrationId } = await integrationWith({ auth: { type: 'basic' } });
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId,
      name: 'Production',
      values: { username: 'svc' },
      secrets: { password: 'pw-1234-abcd' },
    });
    expect(created.values).toEqual({ username: 'svc' });
    expect(created.secrets.password).toEqual({ set: true, masked: '••••' });
  });

  it('refuses a password custom field of a secrets-only integration given as a value', async () => {
    const { backend, integrationId } = await integrationWith({
      protocol: 'secrets',
      customFields: [
        { name: 'tenant', label: 'Tenant', type: 'text' },
        { name: 'adminPassword', label: 'Admin password', type: 'password' },
      ],
    });
    await expect(
      backend.dispatch('configurations.create', {
        integrationId,
        name: 'Vault',
        values: { tenant: 'contoso', adminPassword: 'admin-pw-in-clear' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'values.adminPassword' });
  });
});
