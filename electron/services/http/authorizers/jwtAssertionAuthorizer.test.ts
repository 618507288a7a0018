/**
 * JWT assertions (RFC 7523) exchanged at a token endpoint on 127.0.0.1 that verifies each
 * assertion's signature and claims with jose, then an API on the same server that accepts only
 * the token it issued. Keys: shared secret, PEM (PKCS#8, PKCS#1) and PFX files made with openssl.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAssertionAuthorizer, jwtBearerGrantType } from './jwtAssertionAuthorizer';
import { bodyOf, listenOnLoopback, type LocalServer } from './testSupport/localServer';
import { preparedRequest, refusedWithCachedToken, sendPrepared } from './testSupport/sendPrepared';
import { loadTestCertificates, type TestCertificates } from './testSupport/testCertificates';
import { testContext } from './testSupport/testAuthorizationContext';

const sharedSecret = 'jwt-shared-secret-0123456789abcdef';
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8Pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1Pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const startedAt = Date.parse('2026-11-23T10:00:00Z');

/** What the token endpoint saw last, and the key and clock it verifies with (set per test). */
let verified: { payload: JWTPayload; algorithm: string; format: string; scope?: string } | null;
/** The token endpoint's next answers carry no expires_in. */
let omitExpiry = false;
/** The token endpoint's refusals repeat the assertion they refuse, as some servers' do. */
let echoAssertion = false;
let verificationKey: crypto.KeyObject | Uint8Array;
let serverNow: number;
const issuedTokens = new Set<string>();
let pki: TestCertificates;
let server: LocalServer;

async function tokenEndpoint(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const text = (await bodyOf(request)).toString('utf8');
  const format = (request.headers['content-type'] ?? '').startsWith('application/json') ? 'json' : 'form';
  const fields =
    format === 'json'
      ? (JSON.parse(text) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(text));
  const answer = (status: number, body: object): void => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (fields.grant_type !== jwtBearerGrantType) return answer(400, { error: 'unsupported_grant_type' });
  try {
    const { payload, protectedHeader } = await jwtVerify(fields.assertion ?? '', verificationKey, {
      issuer: 'runbook-designer',
      subject: 'svc-runbooks',
      audience: `${server.url}/token`,
      currentDate: new Date(serverNow),
      requiredClaims: ['iat', 'exp', 'jti'],
    });
    verified = {
      payload,
      algorithm: protectedHeader.alg,
      format,
      ...(fields.scope === undefined ? {} : { scope: fields.scope }),
    };
    const accessToken = `at-${crypto.randomUUID()}`;
    issuedTokens.add(accessToken);
    answer(200, {
      access_token: accessToken,
      token_type: 'Bearer',
      ...(omitExpiry ? {} : { expires_in: 3600 }),
    });
  } catch {
    const echoed = echoAssertion ? `: ${fields.assertion ?? ''}` : '';
    answer(400, {
      error: 'invalid_grant',
      error_description: `The assertion could not be verified${echoed}`,
    });
  }
}

beforeAll(async () => {
  pki = loadTestCertificates();
  server = await listenOnLoopback(
    http.createServer((request, response) => {
      if (request.url === '/token') return void tokenEndpoint(request, response);
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      response.writeHead(issuedTokens.has(token) ? 200 : 401).end();
    }),
  );
}, 60_000);

beforeEach(() => {
  verified = null;
  omitExpiry = false;
  echoAssertion = false;
  verificationKey = new TextEncoder().encode(sharedSecret);
  serverNow = startedAt;
});

afterAll(async () => {
  await server.close();
});

const contextFor = (settings: Record<string, unknown>, credentials: Record<string, string>) =>
  testContext(
    {
      type: 'jwtAssertion',
      tokenUrl: `${server.url}/token`,
      issuer: 'runbook-designer',
      subject: 'svc-runbooks',
      audience: `${server.url}/token`,
      ...settings,
    },
    credentials,
    { now: startedAt },
  );

const callApi = async (context: ReturnType<typeof contextFor>) =>
  sendPrepared(await jwtAssertionAuthorizer.authorize(preparedRequest(`${server.url}/api`), context));

describe('JWT assertion authorizer', () => {
  it('signs HS256 with the shared secret, with the standard and the extra claims', async () => {
    const context = contextFor(
      {
        algorithm: 'HS256',
        keyFormat: 'secret',
        lifetimeSeconds: 120,
        extraClaims: { tenant: 'acme', roles: ['a'] },
      },
      { signingKey: sharedSecret },
    );
    expect((await callApi(context)).status).toBe(200);
    expect(verified).toMatchObject({
      algorithm: 'HS256',
      format: 'form',
      payload: { tenant: 'acme', roles: ['a'] },
    });
    expect(verified?.payload.iat).toBe(startedAt / 1000);
    expect(verified?.payload.exp).toBe(startedAt / 1000 + 120);
    expect(verified?.payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['RS256', 'PKCS#8', pkcs8Pem],
    ['PS256', 'PKCS#8', pkcs8Pem],
    ['RS256', 'PKCS#1', pkcs1Pem],
  ] as const)('signs %s with a %s PEM key that the public key verifies', async (algorithm, _kind, pem) => {
    verificationKey = rsa.publicKey;
    const context = contextFor({ algorithm, keyFormat: 'pem' }, { signingKey: pem });
    expect((await callApi(context)).status).toBe(200);
    expect(verified?.algorithm).toBe(algorithm);
  });

  it.each([
    ['RS256', 'an AES-encrypted', () => pki.clientPfx, () => pki.pfxPassphrase],
    ['PS256', 'a legacy 3DES', () => pki.clientPfxLegacy, () => pki.pfxPassphrase],
    ['RS256', 'an unprotected', () => pki.clientPfxUnprotected, () => ''],
  ])('signs %s with the key of %s PFX file', async (algorithm, _kind, pfx, passphrase) => {
    verificationKey = crypto.createPublicKey(pki.clientCert);
    const context = contextFor(
      { algorithm, keyFormat: 'pfx' },
      { signingKey: pfx(), passphrase: passphrase() },
    );
    expect((await callApi(context)).status).toBe(200);
    expect(verified?.algorithm).toBe(algorithm);
  });

  it('exchanges the assertion as JSON, with the scope, when configured so', async () => {
    const context = contextFor(
      { algorithm: 'HS256', keyFormat: 'secret', exchangeFormat: 'json', scope: 'tickets.read' },
      { signingKey: sharedSecret },
    );
    expect((await callApi(context)).status).toBe(200);
    expect(verified).toMatchObject({ format: 'json', scope: 'tickets.read' });
    expect(JSON.parse(context.tokenCalls[0]?.body ?? '{}')).toMatchObject({ grant_type: jwtBearerGrantType });
  });

  it('reuses the cached token until it expires, then signs a new assertion', async () => {
    const context = contextFor({ algorithm: 'HS256', keyFormat: 'secret' }, { signingKey: sharedSecret });
    await callApi(context);
    await callApi(context);
    expect(context.tokenCalls).toHaveLength(1);
    context.advance(3600_000);
    serverNow += 3600_000;
    expect((await callApi(context)).status).toBe(200);
    expect(context.tokenCalls).toHaveLength(2);
  });

  it('keeps a token without expires_in for the default lifetime, less 30 s, when one is set', async () => {
    omitExpiry = true;
    const context = contextFor(
      { algorithm: 'HS256', keyFormat: 'secret', defaultExpirySeconds: 120 },
      { signingKey: sharedSecret },
    );
    await callApi(context);
    context.advance(85_000);
    await callApi(context);
    expect(context.tokenCalls).toHaveLength(1);
    context.advance(10_000); // 95 s: within 30 s of the 120 s lifetime
    serverNow += 95_000;
    await callApi(context);
    expect(context.tokenCalls).toHaveLength(2);
  });

  it('drops the cached token after a 401 so the next request gets a new one', async () => {
    const context = contextFor({ algorithm: 'HS256', keyFormat: 'secret' }, { signingKey: sharedSecret });
    await callApi(context);
    issuedTokens.clear(); // the API forgets every token, as after a revocation
    expect((await callApi(context)).status).toBe(401);
    expect(await jwtAssertionAuthorizer.onUnauthorized?.(context, refusedWithCachedToken(context))).toBe(
      true,
    );
    expect((await callApi(context)).status).toBe(200);
    expect(context.tokenCalls).toHaveLength(2);
  });

  it('reports a refused assertion with the endpoint’s reason and without the key', async () => {
    const context = contextFor(
      { algorithm: 'HS256', keyFormat: 'secret' },
      { signingKey: 'a-different-secret-value' },
    );
    const error = (await callApi(context).catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('invalid_grant — The assertion could not be verified');
    expect(error.message).not.toContain('a-different-secret-value');
  });

  it('never repeats the assertion a refusal echoes: signed with the right key, it is a credential', async () => {
    echoAssertion = true;
    const context = contextFor(
      { algorithm: 'HS256', keyFormat: 'secret', subject: 'svc-other' },
      { signingKey: sharedSecret },
    );
    const error = (await callApi(context).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('The assertion could not be verified: ••••');
    expect(error.message).not.toMatch(/eyJ/);
  });

  it('says the PFX passphrase is wrong, on the passphrase field', async () => {
    const context = contextFor(
      { algorithm: 'RS256', keyFormat: 'pfx' },
      { signingKey: pki.clientPfx, passphrase: 'nope' },
    );
    await expect(callApi(context)).rejects.toMatchObject({ code: 'invalid_input', field: 'passphrase' });
  });

  it('says which key format the algorithm needs', async () => {
    const context = contextFor({ algorithm: 'HS256', keyFormat: 'pem' }, { signingKey: pkcs8Pem });
    await expect(callApi(context)).rejects.toMatchObject({ code: 'invalid_input', field: 'keyFormat' });
  });

  it('names the missing signing key', async () => {
    const context = contextFor({ algorithm: 'RS256', keyFormat: 'pem' }, {});
    await expect(callApi(context)).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'signingKey',
      message: expect.stringContaining('"signingKey"') as unknown,
    });
  });

  it('lists the key, the passphrase and the access token for masking', async () => {
    const context = contextFor({ algorithm: 'HS256', keyFormat: 'secret' }, { signingKey: sharedSecret });
    await callApi(context);
    const accessToken = context.tokens.read()?.accessToken ?? '';
    expect(jwtAssertionAuthorizer.secretsOf(context)).toEqual([sharedSecret, accessToken]);
  });
});
