/** Credentials given to one process, laid over the configuration a request uses. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import type { ConfigurationAccess } from '../http/httpCore';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createCredentialOverrideLayer, type CredentialOverrides } from './credentialOverrides';

const bearer = integrationDefinitionSchema.parse({ auth: { type: 'bearer' } });
const integrations = {
  get: (id: string) => (id === 'i1' ? { name: 'Ticket API' } : undefined),
  getDefinition: (id: string) => (id === 'i1' ? bearer : undefined),
};
const given: CredentialOverrides = ({ name }) =>
  name === 'Ticket API' ? { token: 'given-token', baseUrl: 'https://given.example' } : undefined;

const stored: ConfigurationAccess = {
  baseUrl: 'https://stored.example',
  credentials: {
    get: (name) => ({ token: 'stored-token', extra: 'stored-extra' })[name],
    require: () => 'unused',
  },
  tokens: { slot: () => ({ read: () => undefined, write: () => undefined, clear: () => undefined }) },
  secretValues: () => ['stored-token'],
};

describe('credential overrides', () => {
  it('stand in for a configuration the data folder does not have', () => {
    const access = createCredentialOverrideLayer(given, integrations).apply('i1', bearer, undefined, null);
    expect(access?.baseUrl).toBe('https://given.example');
    expect(access?.credentials.require('token')).toBe('given-token');
    expect(access?.secretValues()).toEqual(['given-token']);
    expect(() => access?.credentials.require('password')).toThrow(
      '"Ticket API" has no value for "password", neither given to this run nor in its configuration.',
    );
  });

  it('are laid over the stored configuration, which gives what they do not', () => {
    const access = createCredentialOverrideLayer(given, integrations).apply('i1', bearer, 'c1', stored);
    expect(access?.baseUrl).toBe('https://given.example');
    expect(access?.credentials.get('token')).toBe('given-token');
    expect(access?.credentials.get('extra')).toBe('stored-extra');
    expect(access?.secretValues()).toEqual(['stored-token', 'given-token']);
  });

  it('leave a configuration as it is when nothing is given for its integration', () => {
    const layer = createCredentialOverrideLayer(() => undefined, integrations);
    expect(layer.apply('i1', bearer, 'c1', stored)).toBe(stored);
    expect(layer.apply('i1', bearer, undefined, null)).toBeNull();
  });

  it('keep the tokens obtained with them in memory, apart from the stored cache', () => {
    const layer = createCredentialOverrideLayer(given, integrations);
    layer.apply('i1', bearer, 'c1', stored)?.tokens.slot('s').write({ accessToken: 'in-memory' });
    expect(layer.apply('i1', bearer, 'c1', stored)?.tokens.slot('s').read()).toEqual({
      accessToken: 'in-memory',
    });
    expect(layer.apply('i1', bearer, 'c1', stored)?.tokens.slot('other').read()).toBeUndefined();
    expect(layer.apply('i1', bearer, undefined, null)?.tokens.slot('s').read()).toBeUndefined();
  });
});

describe('a backend opened for the command line', () => {
  let server: http.Server | undefined;
  afterEach(() => server?.close());

  it('fills {{config.<prefix>.<field>}} from the given fields and masks the secret ones', async () => {
    const seen: string[] = [];
    server = http.createServer((request, response) => {
      seen.push(request.headers['x-vault-key'] as string);
      response.end(JSON.stringify({ echoed: request.headers['x-vault-key'] }));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    const backend = startBackend(undefined, undefined, {
      commandLine: {
        credentials: ({ name }) => (name === 'Vault' ? { apiKey: 'vault-key-given' } : undefined),
      },
    });
    const call = inProcessApi(backend).call;
    const { id: vaultId } = await call('integrations.create', {
      details: { name: 'Vault', category: 'Other' },
    });
    await call('integrations.updateDefinition', {
      id: vaultId,
      definition: {
        protocol: 'secrets',
        variablePrefix: 'vault',
        customFields: [{ name: 'apiKey', label: 'API key', type: 'password' }],
      },
    });
    const { id: apiId } = await call('integrations.create', { details: { name: 'API', category: 'Other' } });
    await call('integrations.updateDefinition', { id: apiId, definition: { baseUrl: url } });
    const definition = {
      name: 'Echo',
      httpMethod: 'GET' as const,
      path: '/echo',
      headers: [{ key: 'X-Vault-Key', value: '{{config.vault.apiKey}}', isEnabled: true }],
      outputs: [{ name: 'echoed', expression: 'response^echoed!' }],
    };
    const { id: methodId } = await call('methods.create', { integrationId: apiId, definition });
    const result = await call('methods.test', {
      integrationId: apiId,
      methodId,
      definition,
      configurationId: null,
      variables: {},
    });
    expect(seen).toEqual(['vault-key-given']);
    expect(result.outputs).toEqual([expect.objectContaining({ name: 'echoed', value: '••••' })]);
    expect(JSON.stringify(result)).not.toContain('vault-key-given');
  });
});
