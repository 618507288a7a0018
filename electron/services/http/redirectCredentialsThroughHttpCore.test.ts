/**
 * Every authorization type through the real HTTP core and transport, with two origins on
 * 127.0.0.1: what the authorizer added reaches the first origin, follows a redirect within it,
 * and never reaches the second origin — no header, no query value, no client certificate.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authSettingsSchema } from '../../../shared/auth/authTypeRegistry';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import { startOAuth2TestIssuer, type OAuth2TestIssuer } from './authorizers/testSupport/oauth2TestIssuer';
import { loadTestCertificates, type TestCertificates } from './authorizers/testSupport/testCertificates';
import { createHttpCore } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { configurationOf } from './testSupport/fakeConfiguration';
import { startTwoOrigins, type SeenRequest, type TwoOrigins } from './testSupport/twoOrigins';

let pki: TestCertificates;
let issuer: OAuth2TestIssuer;
let plain: TwoOrigins;
let tls: TwoOrigins;
const transport = createHttpTransport();
const core = createHttpCore({ transport, recordCall: () => undefined, openBrowser: () => Promise.resolve() });

beforeAll(async () => {
  pki = loadTestCertificates();
  issuer = await startOAuth2TestIssuer();
  plain = await startTwoOrigins();
  tls = await startTwoOrigins({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert });
}, 60_000);

beforeEach(() => {
  plain.reset();
  tls.reset();
});

afterAll(async () => {
  transport.dispose();
  await plain.close();
  await tls.close();
  await issuer.stop();
});

interface AuthCase {
  auth: () => Record<string, unknown>;
  credentials: () => Record<string, string>;
  /** Header names and query parameters the authorizer adds. */
  headers: string[];
  query: string[];
  isMutualTls?: boolean;
}

const cases: Record<string, AuthCase> = {
  none: { auth: () => ({ type: 'none' }), credentials: () => ({}), headers: [], query: [] },
  'API key in a header': {
    auth: () => ({ type: 'apiKey', name: 'X-Api-Key', placement: 'header' }),
    credentials: () => ({ apiKey: 'ak-header-5f1e9c' }),
    headers: ['x-api-key'],
    query: [],
  },
  'API key in the query': {
    auth: () => ({ type: 'apiKey', name: 'api_key', placement: 'query' }),
    credentials: () => ({ apiKey: 'ak-query-77d2b0' }),
    headers: [],
    query: ['api_key'],
  },
  bearer: {
    auth: () => ({ type: 'bearer' }),
    credentials: () => ({ token: 'bt-0c4a8e61' }),
    headers: ['authorization'],
    query: [],
  },
  basic: {
    auth: () => ({ type: 'basic' }),
    credentials: () => ({ username: 'ada', password: 'pw-31f7a2' }),
    headers: ['authorization'],
    query: [],
  },
  'OAuth 2.0 client credentials': {
    auth: () => ({ type: 'oauth2', grantType: 'client_credentials', tokenUrl: issuer.tokenUrl }),
    credentials: () => ({ clientId: 'runbook-designer', clientSecret: 'cs-9b8a7c6d' }),
    headers: ['authorization'],
    query: [],
  },
  'JWT assertion': {
    auth: () => ({
      type: 'jwtAssertion',
      algorithm: 'HS256',
      keyFormat: 'secret',
      tokenUrl: `${plain.home.url}/token`,
    }),
    credentials: () => ({ signingKey: 'jwt-secret-2d4f6a8c0e' }),
    headers: ['authorization'],
    query: [],
  },
  'HMAC body signature': {
    auth: () => ({ type: 'hmacBody', timestamp: { isEnabled: true } }),
    credentials: () => ({ signingKey: 'hmac-key-e5d4c3' }),
    headers: ['x-signature', 'x-timestamp'],
    query: [],
  },
  'X.509 body signature': {
    auth: () => ({ type: 'x509Body', headerName: 'X-Body-Signature' }),
    credentials: () => ({ privateKey: pki.clientKey }),
    headers: ['x-body-signature'],
    query: [],
  },
  'mutual TLS': {
    auth: () => ({ type: 'mtls', certificateFormat: 'pem' }),
    credentials: () => ({ certificate: pki.clientCert, privateKey: pki.clientKey, ca: pki.caCert }),
    headers: [],
    query: [],
    isMutualTls: true,
  },
};
const table = Object.entries(cases);

const send = (authCase: AuthCase, path: string) => {
  const origins = authCase.isMutualTls === true ? tls : plain;
  return core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({
      baseUrl: origins.home.url,
      auth: authSettingsSchema.parse(authCase.auth()),
      behaviour: { retry: { maxAttempts: 1 } },
    }),
    method: methodDefinitionSchema.parse({
      name: 'm',
      httpMethod: 'POST',
      path,
      query: [{ key: 'page', value: '2' }],
      body: { kind: 'json', text: '{"n":1}' },
    }),
    configuration: configurationOf(authCase.credentials()),
    variables: {},
  });
};

const queryOf = (seen: SeenRequest) => new URL(seen.url, 'http://x').searchParams;

/** The values the authorizer sent to the first origin, and every credential value of the case. */
function credentialValues(authCase: AuthCase, first: SeenRequest): string[] {
  return [
    ...Object.values(authCase.credentials()),
    ...authCase.headers.map((name) => String(first.headers[name])),
    ...authCase.query.map((name) => queryOf(first).get(name) ?? ''),
  ].filter((value) => value.length >= 4);
}

/** Asserts the first origin got the credential and `seen` got none of it. */
function expectNoCredential(authCase: AuthCase, first: SeenRequest, seen: SeenRequest): void {
  for (const name of authCase.headers) expect(first.headers[name]).toBeTruthy();
  for (const name of authCase.query) expect(queryOf(first).get(name)).toBeTruthy();
  if (authCase.isMutualTls === true) expect(first.clientCertificate).toBe('runbook-client');
  for (const name of authCase.headers) expect(seen.headers[name]).toBeUndefined();
  for (const name of authCase.query) expect(queryOf(seen).has(name)).toBe(false);
  const text = JSON.stringify(seen);
  for (const value of credentialValues(authCase, first)) expect(text).not.toContain(value);
  expect(seen.clientCertificate).toBeNull();
  expect(seen.isAuthorized).toBe(false);
}

describe.each(['302', '307'])('a %s redirect to another origin', (status) => {
  it.each(table)('carries none of the %s credential', async (_name, authCase) => {
    const origins = authCase.isMutualTls === true ? tls : plain;
    const result = await send(authCase, `/start/${status}`);
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(200);
    const [first] = origins.home.seen.filter((seen) => seen.url.startsWith('/start'));
    const [landed] = origins.foreign.seen;
    if (first === undefined || landed === undefined) throw new Error('The redirect was not followed');
    expectNoCredential(authCase, first, landed);
    // The body is the user's data: a 307 repeats it, only its signature stays behind.
    expect(landed.method).toBe(status === '307' ? 'POST' : 'GET');
    expect(landed.body).toBe(status === '307' ? '{"n":1}' : '');
    expect(queryOf(landed).get('page')).toBe('2');
  });
});

describe('a redirect within the origin', () => {
  it.each(table)('still carries the %s credential', async (_name, authCase) => {
    const origins = authCase.isMutualTls === true ? tls : plain;
    const result = await send(authCase, '/same/307');
    expect(result.response?.status).toBe(200);
    const [first, landed] = origins.home.seen.filter((seen) => !seen.url.startsWith('/token'));
    if (first === undefined || landed === undefined) throw new Error('The redirect was not followed');
    expect(landed.url.startsWith('/landing')).toBe(true);
    for (const name of authCase.headers) expect(landed.headers[name]).toBe(first.headers[name]);
    for (const name of authCase.query) expect(queryOf(landed).get(name)).toBe(queryOf(first).get(name));
    if (authCase.isMutualTls === true) expect(landed.clientCertificate).toBe('runbook-client');
  });
});

describe('a redirect back to the first origin after a foreign hop', () => {
  it.each(table)('does not bring the %s credential back', async (_name, authCase) => {
    const origins = authCase.isMutualTls === true ? tls : plain;
    const result = await send(authCase, '/bounce/302');
    expect(result.response?.status).toBe(200);
    const [first, back] = origins.home.seen.filter((seen) => !seen.url.startsWith('/token'));
    if (first === undefined || back === undefined) throw new Error('The redirects were not followed');
    expect(back.url.startsWith('/landing')).toBe(true);
    expectNoCredential(authCase, first, back);
  });
});

describe('a token endpoint that redirects to another origin', () => {
  it.each([
    [
      'OAuth 2.0 (client secret in the body)',
      () => ({
        type: 'oauth2',
        grantType: 'client_credentials',
        clientAuthentication: 'body',
        tokenUrl: `${plain.home.url}/token-moved`,
      }),
      { clientId: 'runbook-designer', clientSecret: 'cs-9b8a7c6d' },
    ],
    [
      'JWT assertion',
      () => ({
        type: 'jwtAssertion',
        algorithm: 'HS256',
        keyFormat: 'secret',
        tokenUrl: `${plain.home.url}/token-moved`,
      }),
      { signingKey: 'jwt-secret-2d4f6a8c0e' },
    ],
  ])('is not followed for %s: the grant is all credential', async (_name, auth, credentials) => {
    const authCase: AuthCase = { auth, credentials: () => credentials, headers: [], query: [] };
    const result = await send(authCase, '/start/302');
    expect(plain.home.seen.map((seen) => seen.url)).toEqual(['/token-moved']);
    expect(plain.foreign.seen).toEqual([]);
    expect(result.error).toMatchObject({ code: 'unauthorized', field: 'tokenUrl' });
    expect(result.error?.message).toContain(`redirects to ${plain.foreign.url}, another origin`);
  });
});
