/** HMAC and X.509 body signatures, verified by a local server that recomputes them. */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSettings } from '../../../../shared/domain/authorization';
import { authSettingsSchema } from '../../../../shared/domain/authorization';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { createHttpCore } from '../httpCore';
import { createHttpTransport } from '../httpTransport';
import { configurationOf } from '../testSupport/fakeConfiguration';
import { listen, type LocalServer } from '../testSupport/localServers';

const secret = 'whsec-0123456789';
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Answers 200 when the signature checks out, 401 otherwise; the rule is set per test. */
let verify: (headers: http.IncomingHttpHeaders, body: Buffer) => boolean = () => false;
let server: LocalServer;
const transport = createHttpTransport();
const core = createHttpCore({
  transport,
  recordCall: () => undefined,
  openBrowser: () => Promise.resolve(),
  now: () => 1_700_000_000_000,
});

beforeAll(async () => {
  server = await listen(
    http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.writeHead(verify(request.headers, Buffer.concat(chunks)) ? 200 : 401).end();
      });
    }),
  );
});

afterAll(async () => {
  transport.dispose();
  await server.close();
});

const send = (
  auth: AuthSettings,
  credentials: Record<string, string>,
  body = '{"event":"ticket.created","id":42}',
) =>
  core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({ baseUrl: server.url, auth }),
    method: methodDefinitionSchema.parse({
      name: 'm',
      httpMethod: 'POST',
      path: '/hook',
      body: { kind: 'json', text: body },
    }),
    configuration: configurationOf(credentials),
    variables: {},
  });

const hmac = (algorithm: string, data: string, encoding: 'hex' | 'base64') =>
  crypto.createHmac(algorithm, secret).update(data).digest(encoding);
const equal = (a: string | undefined, b: string) =>
  a !== undefined && a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

describe('HMAC body signing', () => {
  it.each([
    ['sha256', 'hex', 'sha256='],
    ['sha512', 'base64', ''],
  ] as const)('signs with %s in %s with prefix %j', async (algorithm, encoding, prefix) => {
    verify = (headers, body) =>
      equal(
        headers['x-hub-signature'] as string | undefined,
        `${prefix}${hmac(algorithm, body.toString(), encoding)}`,
      );
    const auth = authSettingsSchema.parse({
      type: 'hmacBody',
      algorithm,
      encoding,
      prefix,
      headerName: 'X-Hub-Signature',
    });
    expect((await send(auth, { signingKey: secret })).response?.status).toBe(200);
  });

  it('signs the timestamp and the body when asked, and sends the timestamp', async () => {
    verify = (headers, body) =>
      headers['x-timestamp'] === '1700000000' &&
      equal(
        headers['x-signature'] as string | undefined,
        hmac('sha256', `1700000000.${body.toString()}`, 'hex'),
      );
    const auth = authSettingsSchema.parse({ type: 'hmacBody', timestamp: { isEnabled: true } });
    expect((await send(auth, { signingKey: secret })).response?.status).toBe(200);
  });

  it('is refused when signed with another key', async () => {
    verify = (headers, body) =>
      equal(headers['x-signature'] as string | undefined, hmac('sha256', body.toString(), 'hex'));
    const auth = authSettingsSchema.parse({ type: 'hmacBody' });
    expect((await send(auth, { signingKey: 'another-key' })).response?.status).toBe(401);
  });

  it('never shows the key in the result', async () => {
    verify = () => true;
    const result = await send(authSettingsSchema.parse({ type: 'hmacBody' }), { signingKey: secret });
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('X.509 body signing', () => {
  it('signs the body with RSA-SHA256 that the public key verifies', async () => {
    verify = (headers, body) =>
      crypto.verify(
        'sha256',
        body,
        publicKey,
        Buffer.from((headers['x-signature'] as string | undefined) ?? '', 'base64'),
      );
    const result = await send(authSettingsSchema.parse({ type: 'x509Body' }), { privateKey: privatePem });
    expect(result.response?.status).toBe(200);
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('says when the key is not a PEM key', async () => {
    const result = await send(authSettingsSchema.parse({ type: 'x509Body' }), { privateKey: 'not a key' });
    expect(result.error?.message).toBe('The private key is not a readable PEM key.');
  });
});
