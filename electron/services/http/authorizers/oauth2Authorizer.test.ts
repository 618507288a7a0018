/** OAuth 2.0 grants against oauth2-mock-server on 127.0.0.1, and a local API that checks the token. */
import http from 'node:http';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authSettingsSchema } from '../../../../shared/domain/authorization';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { createHttpCore } from '../httpCore';
import { createHttpTransport } from '../httpTransport';
import { configurationOf } from '../testSupport/fakeConfiguration';
import { listen, type LocalServer } from '../testSupport/localServers';

const issuer = new OAuth2Server();
let api: LocalServer;
let tokenRequests: Record<string, string>[] = [];
let refuseNextToken = '';
let clock = Date.parse('2026-11-23T10:00:00Z');
const transport = createHttpTransport();

/** Follows the authorize redirect like a browser would, landing on the loopback receiver. */
async function browser(url: string): Promise<void> {
  const answer = await fetch(url, { redirect: 'manual' });
  const location = answer.headers.get('location');
  if (location === null) throw new Error(`authorize did not redirect (${String(answer.status)})`);
  await fetch(location);
}

const core = createHttpCore({
  transport,
  recordCall: () => undefined,
  openBrowser: browser,
  now: () => clock,
});

beforeAll(async () => {
  await issuer.issuer.keys.generate('RS256');
  await issuer.start(0, '127.0.0.1');
  issuer.service.on('beforeResponse', (_response, request) => {
    tokenRequests.push({
      ...(request.body as Record<string, string>),
      authorization: request.headers.authorization ?? '',
    });
  });
  api = await listen(
    http.createServer((request, response) => {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (token === undefined || token === refuseNextToken) {
        refuseNextToken = ''; // one refusal, as when a token is revoked
        response.writeHead(401).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    }),
  );
});

beforeEach(() => {
  tokenRequests = [];
  refuseNextToken = '';
  clock = Date.parse('2026-11-23T10:00:00Z');
});

afterAll(async () => {
  transport.dispose();
  await api.close();
  await issuer.stop();
});

function sender(auth: Record<string, unknown>, credentials: Record<string, string>) {
  const configuration = configurationOf(credentials);
  const send = () =>
    core.send({
      integrationId: 'i1',
      methodId: null,
      integration: integrationDefinitionSchema.parse({
        baseUrl: api.url,
        auth: authSettingsSchema.parse({
          type: 'oauth2',
          tokenUrl: `${issuer.issuer.url ?? ''}/token`,
          ...auth,
        }),
      }),
      method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET', path: '/me' }),
      configuration,
      variables: {},
    });
  return { send, configuration };
}

describe('OAuth 2.0', () => {
  it('gets a token with client credentials (client secret in the header) and reuses it', async () => {
    const { send, configuration } = sender(
      { grantType: 'client_credentials', scope: 'tickets.read' },
      { clientId: 'runbook', clientSecret: 'cs-123456' },
    );
    expect((await send()).response?.status).toBe(200);
    expect((await send()).response?.status).toBe(200);
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatchObject({ grant_type: 'client_credentials', scope: 'tickets.read' });
    expect(tokenRequests[0]?.authorization).toBe(
      `Basic ${Buffer.from('runbook:cs-123456').toString('base64')}`,
    );
    expect(configuration.token()?.accessToken).toMatch(/^ey/);
  });

  it('sends the client secret in the body when configured so', async () => {
    const { send } = sender(
      { grantType: 'client_credentials', clientAuthentication: 'body' },
      { clientId: 'runbook', clientSecret: 'cs-123456' },
    );
    await send();
    expect(tokenRequests[0]).toMatchObject({
      client_id: 'runbook',
      client_secret: 'cs-123456',
      authorization: '',
    });
  });

  it('gets a token with the password grant', async () => {
    const { send } = sender(
      { grantType: 'password' },
      { clientId: 'runbook', clientSecret: 'cs-123456', username: 'ada', password: 'pw-98765' },
    );
    expect((await send()).response?.status).toBe(200);
    expect(tokenRequests[0]).toMatchObject({ grant_type: 'password', username: 'ada', password: 'pw-98765' });
  });

  it('runs the authorization code flow with PKCE through the loopback redirect', async () => {
    const { send, configuration } = sender(
      {
        grantType: 'authorization_code_pkce',
        authorizeUrl: `${issuer.issuer.url ?? ''}/authorize`,
        scope: 'openid',
      },
      { clientId: 'runbook' },
    );
    const result = await send();
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(200);
    expect(tokenRequests[0]).toMatchObject({ grant_type: 'authorization_code', client_id: 'runbook' });
    expect(tokenRequests[0]?.code_verifier).toMatch(/^[\w-]{43}$/);
    expect(tokenRequests[0]?.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(configuration.token()?.refreshToken).toBeDefined();
  });

  it('runs the plain authorization code flow', async () => {
    const { send } = sender(
      { grantType: 'authorization_code', authorizeUrl: `${issuer.issuer.url ?? ''}/authorize` },
      { clientId: 'runbook', clientSecret: 'cs-123456' },
    );
    expect((await send()).response?.status).toBe(200);
    expect(tokenRequests[0]?.code_verifier).toBeUndefined();
  });

  it('renews an expired token with the refresh token', async () => {
    const { send } = sender(
      { grantType: 'authorization_code_pkce', authorizeUrl: `${issuer.issuer.url ?? ''}/authorize` },
      { clientId: 'runbook' },
    );
    await send();
    clock += 2 * 3600 * 1000;
    expect((await send()).response?.status).toBe(200);
    expect(tokenRequests.map((request) => request.grant_type)).toEqual([
      'authorization_code',
      'refresh_token',
    ]);
  });

  it('asks for a new token once after a 401, then succeeds', async () => {
    const { send, configuration } = sender(
      { grantType: 'client_credentials' },
      { clientId: 'runbook', clientSecret: 'cs-123456' },
    );
    await send();
    refuseNextToken = configuration.token()?.accessToken ?? '';
    const result = await send();
    expect(result.response?.status).toBe(200);
    expect(result.attempts).toBe(2);
    expect(tokenRequests).toHaveLength(2);
  });

  it('uses the default expiry for tokens that carry none', async () => {
    issuer.service.once('beforeResponse', (response) => {
      delete (response.body as Record<string, unknown>).expires_in;
    });
    const { send, configuration } = sender(
      { grantType: 'client_credentials', defaultExpirySeconds: 600 },
      { clientId: 'runbook', clientSecret: 'cs-123456' },
    );
    await send();
    expect(configuration.token()?.expiresAt).toBe(clock + 600_000);
  });

  it('reports a refused token request with the server’s reason and no secret', async () => {
    issuer.service.once('beforeResponse', (response) => {
      response.statusCode = 400;
      response.body = { error: 'invalid_client', error_description: 'Unknown client' };
    });
    const { send } = sender(
      { grantType: 'client_credentials' },
      { clientId: 'runbook', clientSecret: 'cs-123456' },
    );
    const result = await send();
    expect(result.error?.message).toBe(
      'The token endpoint refused the request: invalid_client — Unknown client.',
    );
    expect(JSON.stringify(result)).not.toContain('cs-123456');
  });

  it('clears its tokens', async () => {
    const { send, configuration } = sender(
      { grantType: 'client_credentials' },
      { clientId: 'runbook', clientSecret: 'cs-123456' },
    );
    await send();
    configuration.tokens.clear();
    await send();
    expect(tokenRequests).toHaveLength(2);
  });
});
