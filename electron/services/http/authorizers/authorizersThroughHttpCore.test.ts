/**
 * The authorizers wired into the real HTTP core and transport (the other tests here call the
 * authorizers directly): the transport presents the mTLS client certificate, the core asks
 * OAuth 2.0 for a new token once after a 401, and the result masks what secretsOf lists.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSettingsSchema } from '../../../../shared/auth/authTypeRegistry';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { createHttpCore } from '../httpCore';
import { createHttpTransport } from '../httpTransport';
import { configurationOf } from '../testSupport/fakeConfiguration';
import { bodyOf, listenOnLoopback, type LocalServer } from './testSupport/localServer';
import { loadTestCertificates, type TestCertificates } from './testSupport/testCertificates';

let pki: TestCertificates;
let mtlsApi: LocalServer;
let oauthApi: LocalServer;
/** Access tokens the token endpoint issued, and the one the API refuses once (as if revoked). */
const issued: string[] = [];
let revokedToken = '';
const transport = createHttpTransport();
const core = createHttpCore({ transport, recordCall: () => undefined, openBrowser: () => Promise.resolve() });

beforeAll(async () => {
  pki = loadTestCertificates();
  mtlsApi = await listenOnLoopback(
    https.createServer(
      {
        key: pki.serverKey,
        cert: pki.serverCert,
        ca: pki.caCert,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (request, response) => {
        const peer = (request.socket as TLSSocket).getPeerCertificate();
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ client: peer.subject.CN }));
      },
    ),
  );
  oauthApi = await listenOnLoopback(
    http.createServer((request, response) => {
      void bodyOf(request).then(() => {
        if (request.url === '/token') {
          const token = `at-${crypto.randomUUID()}`;
          issued.push(token);
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
          return;
        }
        const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
        const isAccepted = issued.includes(token) && token !== revokedToken;
        response.writeHead(isAccepted ? 200 : 401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ echoed: token }));
      });
    }),
  );
}, 60_000);

afterAll(async () => {
  transport.dispose();
  await mtlsApi.close();
  await oauthApi.close();
});

const send = (
  baseUrl: string,
  auth: Record<string, unknown>,
  credentials: ReturnType<typeof configurationOf>,
) =>
  core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({
      baseUrl,
      auth: authSettingsSchema.parse(auth),
      behaviour: { retry: { maxAttempts: 1 } },
    }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET', path: '/me' }),
    configuration: credentials,
    variables: {},
  });

describe('authorizers through the HTTP core', () => {
  it('presents a PFX client certificate through the real transport', async () => {
    const configuration = configurationOf({
      pfx: pki.clientPfx,
      passphrase: pki.pfxPassphrase,
      ca: pki.caCert,
    });
    const result = await send(mtlsApi.url, { type: 'mtls', certificateFormat: 'pfx' }, configuration);
    expect(result.error).toBeNull();
    expect(JSON.parse(result.response?.body ?? '{}')).toEqual({ client: 'runbook-client' });
  });

  it('gets a new OAuth 2.0 token once after a 401, and masks the tokens in the result', async () => {
    const configuration = configurationOf({ clientId: 'runbook', clientSecret: 'cs-123456' });
    const auth = { type: 'oauth2', grantType: 'client_credentials', tokenUrl: `${oauthApi.url}/token` };
    await send(oauthApi.url, auth, configuration);
    revokedToken = configuration.token()?.accessToken ?? '';
    const result = await send(oauthApi.url, auth, configuration);
    expect(result.response?.status).toBe(200);
    expect(result.attempts).toBe(2);
    expect(issued).toHaveLength(2);
    expect(result.response?.body).not.toContain('at-');
    expect(JSON.stringify(result)).not.toContain(issued[1]);
  });
});
