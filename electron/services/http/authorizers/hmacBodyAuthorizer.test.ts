/** HMAC body signatures, checked by a server on 127.0.0.1 that recomputes them from the raw body. */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacBodyAuthorizer } from './hmacBodyAuthorizer';
import { bodyOf, listenOnLoopback, type LocalServer } from './testSupport/localServer';
import { preparedRequest, sendPrepared } from './testSupport/sendPrepared';
import { testContext } from './testSupport/testAuthorizationContext';

const secret = 'whsec-0123456789abcdef';
const now = Date.parse('2026-11-23T10:00:00Z');
const nowSeconds = String(now / 1000);

/** What the server expects, set per test: the header holding the signature and how to compute it. */
interface Expectation {
  header: string;
  sign: (headers: http.IncomingHttpHeaders, body: Buffer) => string;
}
let expectation: Expectation;
let server: LocalServer;

const isEqual = (received: string | string[] | undefined, expected: string) =>
  typeof received === 'string' &&
  received.length === expected.length &&
  crypto.timingSafeEqual(Buffer.from(received), Buffer.from(expected));

beforeAll(async () => {
  server = await listenOnLoopback(
    http.createServer((request, response) => {
      void bodyOf(request).then((body) => {
        const expected = expectation.sign(request.headers, body);
        response.writeHead(isEqual(request.headers[expectation.header], expected) ? 200 : 401).end();
      });
    }),
  );
});

afterAll(async () => {
  await server.close();
});

const hmac = (algorithm: string, parts: (string | Buffer)[], encoding: 'hex' | 'base64', key = secret) => {
  const mac = crypto.createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest(encoding);
};

async function send(settings: Record<string, unknown>, body: string | undefined, key = secret) {
  const context = testContext({ type: 'hmacBody', ...settings }, { signingKey: key }, { now });
  const request = preparedRequest(`${server.url}/hook`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  return sendPrepared(await hmacBodyAuthorizer.authorize(request, context));
}

describe('HMAC body authorizer', () => {
  it.each([
    ['sha256', 'hex', 'sha256='],
    ['sha512', 'base64', ''],
    ['sha512', 'hex', 'v1,'],
  ] as const)('signs with %s, written %s after the prefix %j', async (algorithm, encoding, prefix) => {
    expectation = {
      header: 'x-hub-signature',
      sign: (_headers, body) => `${prefix}${hmac(algorithm, [body], encoding)}`,
    };
    const settings = { algorithm, encoding, prefix, headerName: 'X-Hub-Signature' };
    expect((await send(settings, '{"event":"ticket.created","id":42}')).status).toBe(200);
  });

  it('signs the timestamp, the separator and the body, and sends the timestamp in its header', async () => {
    expectation = {
      header: 'x-signature',
      sign: (headers, body) =>
        headers['x-request-time'] === nowSeconds
          ? hmac('sha256', [`${nowSeconds}:`, body], 'hex')
          : 'timestamp header missing',
    };
    const settings = { timestamp: { isEnabled: true, headerName: 'X-Request-Time', separator: ':' } };
    expect((await send(settings, '{"id":1}')).status).toBe(200);
  });

  it('signs the raw body bytes, including non-ASCII text', async () => {
    expectation = { header: 'x-signature', sign: (_headers, body) => hmac('sha256', [body], 'hex') };
    expect((await send({}, '{"name":"Zoë ✓"}')).status).toBe(200);
  });

  it('signs an absent body as the empty string', async () => {
    expectation = { header: 'x-signature', sign: () => hmac('sha256', [''], 'hex') };
    expect((await send({}, undefined)).status).toBe(200);
  });

  it('is refused when signed with another key', async () => {
    expectation = { header: 'x-signature', sign: (_headers, body) => hmac('sha256', [body], 'hex') };
    expect((await send({}, '{"id":1}', 'another-key-000')).status).toBe(401);
  });

  it('names the missing key', async () => {
    const context = testContext({ type: 'hmacBody' }, {});
    await expect(hmacBodyAuthorizer.authorize(preparedRequest(server.url), context)).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'signingKey',
    });
  });

  it('lists the key for masking', () => {
    expect(hmacBodyAuthorizer.secretsOf(testContext({ type: 'hmacBody' }, { signingKey: secret }))).toEqual([
      secret,
    ]);
  });
});
