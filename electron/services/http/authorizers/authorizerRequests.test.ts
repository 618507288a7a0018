/**
 * The authorizers that need no token, as what they are: functions from a request and settings
 * plus credentials to the request to send. No server: each test compares the request that comes
 * out with the one that went in (which stays as it was). The tests beside each authorizer send
 * the result to a real server; authorizersThroughHttpCore.test.ts runs them through the core.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Authorizer, PreparedRequest } from '../authorizer';
import { apiKeyAuthorizer } from './apiKeyAuthorizer';
import { basicAuthorizer } from './basicAuthorizer';
import { bearerAuthorizer } from './bearerAuthorizer';
import { hmacBodyAuthorizer } from './hmacBodyAuthorizer';
import { mtlsAuthorizer } from './mtlsAuthorizer';
import { noneAuthorizer } from './noneAuthorizer';
import { preparedRequest } from './testSupport/sendPrepared';
import { testContext } from './testSupport/testAuthorizationContext';
import { loadTestCertificates } from './testSupport/testCertificates';
import { x509BodyAuthorizer } from './x509BodyAuthorizer';

const body = '{"ticket":42,"note":"ünïcode"}';
const request = () =>
  preparedRequest('https://api.example/v1/tickets?page=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });

/** Authorizes a fresh request and checks the one given was left as it was. */
async function authorized(
  authorizer: Authorizer,
  settings: Parameters<typeof testContext>[0],
  credentials: Record<string, string>,
  now?: number,
): Promise<PreparedRequest> {
  const original = request();
  const before = { ...original, url: original.url.href, headers: { ...original.headers } };
  const result = await authorizer.authorize(original, testContext(settings, credentials, { now }));
  expect({ ...original, url: original.url.href }).toEqual(before);
  return result;
}

/** RSA keys and certificates kept on disk: none is generated while the tests wait. */
const pki = loadTestCertificates();

const hmacOf = (algorithm: string, key: string, text: string, encoding: 'hex' | 'base64') =>
  crypto.createHmac(algorithm, key).update(text, 'utf8').digest(encoding);

describe('none, as a function', () => {
  it('returns the request as it came', async () => {
    const result = await authorized(noneAuthorizer, { type: 'none' }, {});
    expect({ ...result, url: result.url.href }).toEqual({ ...request(), url: request().url.href });
  });
});

describe('API key, as a function', () => {
  it('adds the key as the named header, lower-cased, and nothing else', async () => {
    const result = await authorized(
      apiKeyAuthorizer,
      { type: 'apiKey', name: 'X-Api-Key' },
      { apiKey: 'k-123' },
    );
    expect(result.headers).toEqual({ ...request().headers, 'x-api-key': 'k-123' });
    expect(result.url.href).toBe(request().url.href);
  });

  it('adds the key as a query parameter, encoded, keeping the others', async () => {
    const result = await authorized(
      apiKeyAuthorizer,
      { type: 'apiKey', name: 'api_key', placement: 'query' },
      { apiKey: 'a&b=c d' },
    );
    expect(result.url.href).toBe('https://api.example/v1/tickets?page=2&api_key=a%26b%3Dc+d');
    expect(result.headers).toEqual(request().headers);
  });
});

describe('bearer, as a function', () => {
  it('adds Authorization: Bearer with the token', async () => {
    const result = await authorized(bearerAuthorizer, { type: 'bearer' }, { token: 'tok-1' });
    expect(result.headers).toEqual({ ...request().headers, authorization: 'Bearer tok-1' });
  });

  it('names the missing credential', async () => {
    await expect(authorized(bearerAuthorizer, { type: 'bearer' }, {})).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'token',
    });
  });
});

describe('basic, as a function', () => {
  it('adds base64 of user:password in UTF-8, and masks the encoded pair too', async () => {
    const credentials = { username: 'ada', password: 'pässwörd' };
    const result = await authorized(basicAuthorizer, { type: 'basic' }, credentials);
    const encoded = Buffer.from('ada:pässwörd', 'utf8').toString('base64');
    expect(result.headers.authorization).toBe(`Basic ${encoded}`);
    expect(basicAuthorizer.secretsOf(testContext({ type: 'basic' }, credentials))).toContain(encoded);
  });
});

describe('HMAC body signature, as a function', () => {
  it('signs the raw body with HMAC-SHA256 in hex, after the prefix', async () => {
    const result = await authorized(
      hmacBodyAuthorizer,
      { type: 'hmacBody', headerName: 'X-Hub-Signature-256', prefix: 'sha256=' },
      { signingKey: 'shh' },
    );
    expect(result.headers['x-hub-signature-256']).toBe(`sha256=${hmacOf('sha256', 'shh', body, 'hex')}`);
  });

  it('signs "timestamp.body" with SHA-512 in base64 and sends the timestamp from the clock', async () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    const result = await authorized(
      hmacBodyAuthorizer,
      {
        type: 'hmacBody',
        algorithm: 'sha512',
        encoding: 'base64',
        timestamp: { isEnabled: true, headerName: 'X-Sent-At', separator: ':' },
      },
      { signingKey: 'shh' },
      now,
    );
    const seconds = String(now / 1000);
    expect(result.headers['x-sent-at']).toBe(seconds);
    expect(result.headers['x-signature']).toBe(hmacOf('sha512', 'shh', `${seconds}:${body}`, 'base64'));
  });
});

describe('X.509 body signature, as a function', () => {
  it('adds an RSA-SHA256 signature of the body that the public key verifies', async () => {
    const result = await authorized(x509BodyAuthorizer, { type: 'x509Body' }, { privateKey: pki.clientKey });
    const signature = Buffer.from(result.headers['x-signature'] ?? '', 'base64');
    const publicKey = crypto.createPublicKey(pki.clientKey);
    expect(crypto.verify('sha256', Buffer.from(body, 'utf8'), publicKey, signature)).toBe(true);
  });

  it('refuses a key that is not RSA, on the privateKey field', async () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(
      authorized(x509BodyAuthorizer, { type: 'x509Body' }, { privateKey: ecPem }),
    ).rejects.toMatchObject({ field: 'privateKey' });
  });
});

describe('mutual TLS, as a function', () => {
  it('hands the PEM certificate, key and CA to the transport, leaving headers and body alone', async () => {
    const result = await authorized(
      mtlsAuthorizer,
      { type: 'mtls' },
      { certificate: pki.clientCert, privateKey: pki.clientKey, ca: pki.caCert },
    );
    expect(result.tls).toEqual({ cert: pki.clientCert, key: pki.clientKey, ca: pki.caCert });
    expect(result.headers).toEqual(request().headers);
    expect(result.body).toEqual(request().body);
  });

  it('hands a PFX file over as bytes with its passphrase', async () => {
    const result = await authorized(
      mtlsAuthorizer,
      { type: 'mtls', certificateFormat: 'pfx' },
      { pfx: pki.clientPfx, passphrase: pki.pfxPassphrase },
    );
    expect(result.tls).toEqual({ pfx: Buffer.from(pki.clientPfx, 'base64'), passphrase: pki.pfxPassphrase });
  });

  it('reports a key of another certificate on the privateKey field', async () => {
    await expect(
      authorized(
        mtlsAuthorizer,
        { type: 'mtls' },
        { certificate: pki.clientCert, privateKey: pki.strangerKey },
      ),
    ).rejects.toMatchObject({ field: 'privateKey' });
  });
});
