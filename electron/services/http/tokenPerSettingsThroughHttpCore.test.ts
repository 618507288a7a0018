/**
 * A method that overrides its integration's OAuth 2.0 settings (another scope) gets a token of
 * its own, through a real backend (SQLite in a temp folder, the encrypted token cache, the HTTP
 * core) against a token endpoint and an API on 127.0.0.1 that checks each token's scope.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { bodyOf, listenOnLoopback, type LocalServer } from './authorizers/testSupport/localServer';

/** The scope of each token request, in order. */
let tokenRequests: string[] = [];
/** Issued token → the scope it was issued for. */
const scopeOf = new Map<string, string>();
let server: LocalServer;

/** /token issues `at-<uuid>` for the asked scope; /<scope> answers 403 to a token of another. */
async function answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const body = (await bodyOf(request)).toString();
  if (request.url === '/token') {
    const scope = new URLSearchParams(body).get('scope') ?? '';
    const token = `at-${crypto.randomUUID()}`;
    tokenRequests.push(scope);
    scopeOf.set(token, scope);
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    return;
  }
  const scope = scopeOf.get(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
  const isAllowed = scope !== undefined && `/${scope}` === request.url;
  response
    .writeHead(isAllowed ? 200 : 403, { 'content-type': 'application/json' })
    .end(JSON.stringify({ scope: scope ?? null }));
}

beforeAll(async () => {
  server = await listenOnLoopback(http.createServer((request, response) => void answer(request, response)));
});
beforeEach(() => {
  tokenRequests = [];
});
afterAll(() => server.close());

async function setUp() {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const integration = await api.call('integrations.create', {
    details: { name: 'Tickets', category: 'PSA' },
  });
  const auth = { type: 'oauth2', grantType: 'client_credentials', tokenUrl: `${server.url}/token` } as const;
  await backend.dispatch('integrations.updateDefinition', {
    id: integration.id,
    definition: { baseUrl: server.url, auth: { ...auth, scope: 'read' } },
  });
  const configuration = await api.call('configurations.create', {
    integrationId: integration.id,
    name: 'Production',
    values: { clientId: 'runbook-designer' },
    secrets: { clientSecret: 'cs-7f6e5d4c3b2a' },
  });
  const sendAs = async (method: 'inherit' | 'override') => {
    const result = await api.call('methods.test', {
      integrationId: integration.id,
      definition:
        method === 'inherit'
          ? { name: 'List tickets', httpMethod: 'GET', path: '/read' }
          : {
              name: 'Purge tickets',
              httpMethod: 'GET',
              path: '/admin',
              authorization: { mode: 'override', settings: { ...auth, scope: 'admin' } },
            },
    });
    expect(result.error).toBeNull();
    return { status: result.response?.status, body: result.response?.body };
  };
  const clearTokens = async () =>
    (await api.call('configurations.clearTokens', { id: configuration.id })).wasCleared;
  return { sendAs, clearTokens };
}

describe('a method overriding its authorization', () => {
  it('gets a token of its own scope, and each token is fetched once while methods alternate', async () => {
    const { sendAs } = await setUp();
    const results = [];
    for (const method of ['inherit', 'override', 'inherit', 'override'] as const)
      results.push(await sendAs(method));
    expect(results).toEqual([
      { status: 200, body: '{"scope":"read"}' },
      { status: 200, body: '{"scope":"admin"}' },
      { status: 200, body: '{"scope":"read"}' },
      { status: 200, body: '{"scope":"admin"}' },
    ]);
    expect(tokenRequests).toEqual(['read', 'admin']);
  });

  it('loses both tokens to Clear tokens', async () => {
    const { sendAs, clearTokens } = await setUp();
    await sendAs('inherit');
    await sendAs('override');
    expect(await clearTokens()).toBe(true);
    await sendAs('override');
    await sendAs('inherit');
    expect(tokenRequests).toEqual(['read', 'admin', 'admin', 'read']);
    expect(await clearTokens()).toBe(true);
    expect(await clearTokens()).toBe(false);
  });
});
