import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { solidPng } from '../e2e/support/png';
import { startTestServer, type TestServer } from './support/headlessHarness';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(() => server.dispose());

describe('setting up an integration over the headless HTTP API', () => {
  it('creates an integration with a logo and a configuration whose secret never comes back', async () => {
    const png = solidPng(48, 48);
    const integration = await server.api.call('integrations.create', {
      details: { name: 'HaloPSA', category: 'PSA', description: 'Service desk' },
      logo: { fileName: 'halo.png', base64: png.toString('base64') },
    });
    expect(integration.logo).toEqual({ mimeType: 'image/png', width: 48, height: 48 });
    // OAuth 2.0 client credentials, whose client secret the configuration holds.
    await server.api.call('integrations.updateDefinition', {
      id: integration.id,
      definition: {
        auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://login.example/token' },
      },
    });

    const configuration = await server.api.call('configurations.create', {
      integrationId: integration.id,
      name: 'Production',
      values: { tenant: 'contoso' },
      secrets: { clientSecret: 'SECRET-over-http-91c2' },
    });
    const listResponse = await server.call('configurations.list', { integrationId: integration.id });
    expect(listResponse.body).not.toContain('SECRET-over-http-91c2');
    expect(JSON.parse(listResponse.body)).toMatchObject([
      { id: configuration.id, isPrimary: true, secrets: { clientSecret: { set: true, masked: '••••' } } },
    ]);
    expect(server.backend.configurations.readSecret(configuration.id, 'clientSecret')).toBe(
      'SECRET-over-http-91c2',
    );

    const { dataUrl } = await server.api.call('integrations.logo', { id: integration.id });
    expect(dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(await server.api.call('integrations.list', { search: 'service' })).toMatchObject({
      total: 1,
      items: [{ name: 'HaloPSA' }],
    });
  });

  it('refuses an oversized logo with a message naming the size, and creates nothing', async () => {
    const response = await server.call('integrations.create', {
      details: { name: 'Too big', category: 'PSA' },
      logo: { base64: solidPng(513, 10).toString('base64') },
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      error: {
        code: 'invalid_logo',
        message: 'The logo is 513×10 px; logos may be at most 512×512 px.',
        field: 'logo',
      },
    });
    expect(await server.api.call('integrations.list', {})).toMatchObject({ total: 0 });
  });
});
