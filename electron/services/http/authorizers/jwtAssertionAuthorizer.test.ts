/** JWT assertions (RFC 7523) exchanged at a local token endpoint that verifies them with jose. */
import crypto from 'node:crypto';
import http from 'node:http';
import { jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authSettingsSchema } from '../../../../shared/domain/authorization';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { createHttpCore } from '../httpCore';
import { createHttpTransport } from '../httpTransport';
import { configurationOf } from '../testSupport/fakeConfiguration';
import { listen, type LocalServer } from '../testSupport/localServers';

const sharedSecret = 'jwt-shared-secret-0123456789abcdef';
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPkcs1Pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

let server: LocalServer;
let verified: { payload: JWTPayload; algorithm: string; format: string } | null = null;
let verificationKey: crypto.KeyObject | Uint8Array = new TextEncoder().encode(sharedSecret);
const transport = createHttpTransport();
const core = createHttpCore({ transport, recordCall: () => undefined, openBrowser: () => Promise.resolve() });

beforeAll(async () => {
  server = await listen(
    http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        void (async () => {
          if (request.url === '/api') {
            const ok = request.headers.authorization === 'Bearer exchanged-token';
            response.writeHead(ok ? 200 : 401).end();
            return;
          }
          const isJson = (request.headers['content-type'] ?? '').startsWith('application/json');
          const fields = isJson
            ? (JSON.parse(body) as Record<string, string>)
            : Object.fromEntries(new URLSearchParams(body));
          try {
            if (fields.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') throw new Error('grant');
            const { payload, protectedHeader } = await jwtVerify(fields.assertion ?? '', verificationKey, {
              issuer: 'runbook-designer',
              audience: `${server.url}/token`,
            });
            verified = { payload, algorithm: protectedHeader.alg, format: isJson ? 'json' : 'form' };
            response.writeHead(200, { 'content-type': 'application/json' });
            response.end(
              JSON.stringify({ access_token: 'exchanged-token', expires_in: 3600, token_type: 'Bearer' }),
            );
          } catch {
            response.writeHead(400, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ error: 'invalid_grant', error_description: 'Bad assertion' }));
          }
        })();
      });
    }),
  );
});

beforeEach(() => {
  verified = null;
  verificationKey = new TextEncoder().encode(sharedSecret);
});

afterAll(async () => {
  transport.dispose();
  await server.close();
});

const send = (auth: Record<string, unknown>, credentials: Record<string, string>) =>
  core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({
      baseUrl: server.url,
      auth: authSettingsSchema.parse({
        type: 'jwtAssertion',
        tokenUrl: `${server.url}/token`,
        issuer: 'runbook-designer',
        subject: 'svc-runbooks',
        audience: `${server.url}/token`,
        ...auth,
      }),
    }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET', path: '/api' }),
    configuration: configurationOf(credentials),
    variables: {},
  });

describe('JWT assertion', () => {
  it('signs HS256 with a shared secret, with the claims and extra claims', async () => {
    const result = await send(
      { algorithm: 'HS256', keyFormat: 'secret', extraClaims: { tenant: 'acme' } },
      { signingKey: sharedSecret },
    );
    expect(result.response?.status).toBe(200);
    expect(verified).toMatchObject({ algorithm: 'HS256', payload: { sub: 'svc-runbooks', tenant: 'acme' } });
    expect((verified?.payload.exp ?? 0) - (verified?.payload.iat ?? 0)).toBe(300);
    expect(verified?.payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['RS256', rsaPem],
    ['PS256', rsaPem],
    ['RS256', rsaPkcs1Pem],
  ] as const)('signs %s with a PEM key that the public key verifies', async (algorithm, pem) => {
    verificationKey = rsa.publicKey;
    const result = await send({ algorithm, keyFormat: 'pem' }, { signingKey: pem });
    expect(result.response?.status).toBe(200);
    expect(verified?.algorithm).toBe(algorithm);
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('exchanges the assertion as JSON when configured so', async () => {
    await send(
      { algorithm: 'HS256', keyFormat: 'secret', exchangeFormat: 'json' },
      { signingKey: sharedSecret },
    );
    expect(verified?.format).toBe('json');
  });

  it('reports an assertion the endpoint refuses', async () => {
    const result = await send(
      { algorithm: 'HS256', keyFormat: 'secret' },
      { signingKey: 'a-different-secret-value' },
    );
    expect(result.error?.message).toBe(
      'The token endpoint refused the request: invalid_grant — Bad assertion.',
    );
    expect(JSON.stringify(result)).not.toContain('a-different-secret-value');
  });

  it('explains that PFX keys need converting for now', async () => {
    const result = await send({ algorithm: 'RS256', keyFormat: 'pfx' }, { signingKey: 'AAAA' });
    expect(result.error?.message).toMatch(/export the key as PEM/);
  });
});
