/** RSA-SHA256 body signatures, verified with the public key by a server on 127.0.0.1. */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, listenOnLoopback, type LocalServer } from './testSupport/localServer';
import { preparedRequest, sendPrepared } from './testSupport/sendPrepared';
import { testContext } from './testSupport/testAuthorizationContext';
import { x509BodyAuthorizer } from './x509BodyAuthorizer';

const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8Pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1Pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const otherPem = crypto
  .generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

let encoding: 'hex' | 'base64' = 'base64';
let server: LocalServer;

beforeAll(async () => {
  server = await listenOnLoopback(
    http.createServer((request, response) => {
      void bodyOf(request).then((body) => {
        const signature = request.headers['x-body-signature'];
        const isValid =
          typeof signature === 'string' &&
          crypto.verify('sha256', body, rsa.publicKey, Buffer.from(signature, encoding));
        response.writeHead(isValid ? 200 : 401).end();
      });
    }),
  );
});

afterAll(async () => {
  await server.close();
});

async function send(privateKey: string, body: string | undefined) {
  const context = testContext({ type: 'x509Body', headerName: 'X-Body-Signature', encoding }, { privateKey });
  const request = preparedRequest(`${server.url}/hook`, {
    method: 'POST',
    ...(body === undefined ? {} : { body }),
  });
  return sendPrepared(await x509BodyAuthorizer.authorize(request, context));
}

describe('X.509 body authorizer', () => {
  it.each([
    ['PKCS#8', pkcs8Pem, 'base64'],
    ['PKCS#1', pkcs1Pem, 'hex'],
  ] as const)('signs with a %s PEM key, written %s', async (_format, pem, wanted) => {
    encoding = wanted;
    expect((await send(pem, '{"event":"invoice.paid"}')).status).toBe(200);
  });

  it('signs an absent body as empty', async () => {
    encoding = 'base64';
    expect((await send(pkcs8Pem, undefined)).status).toBe(200);
  });

  it('is refused when signed with another key', async () => {
    encoding = 'base64';
    expect((await send(otherPem, '{"id":1}')).status).toBe(401);
  });

  it('says when the key is not a PEM key, naming the field', async () => {
    await expect(send('not a key', '{}')).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'privateKey',
    });
  });

  it('refuses a key that is not RSA', async () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(send(ecPem, '{}')).rejects.toThrow(/must be an RSA key/);
  });

  it('lists the private key for masking', () => {
    const context = testContext({ type: 'x509Body' }, { privateKey: pkcs8Pem });
    expect(x509BodyAuthorizer.secretsOf(context)).toEqual([pkcs8Pem]);
  });
});
