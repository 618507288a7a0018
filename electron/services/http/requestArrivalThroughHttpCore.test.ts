/**
 * Whether a failed request may have reached the server, as the result says it: unknown only when
 * it was written to the connection and no answer came (a timeout, a reset, in any attempt); never
 * sent when the connection or its TLS handshake failed; arrived once an answer began. Through the
 * real HTTP core and transport, against servers on 127.0.0.1.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import { loadTestCertificates } from './authorizers/testSupport/testCertificates';
import { createHttpCore } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { listen, type LocalServer } from './testSupport/localServers';

const transport = createHttpTransport();
const core = createHttpCore({
  transport,
  recordCall: () => undefined,
  openBrowser: () => Promise.resolve(),
  random: () => 0.5,
  sleep: () => Promise.resolve(),
});
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => transport.dispose());

/** A server on 127.0.0.1 that counts the requests it read whole, then does as `onRequest` says. */
async function target(onRequest: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  const received: string[] = [];
  const server = await listen(
    http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(request.method ?? '');
        onRequest(request, response);
      });
    }),
  );
  servers.push(server);
  return { ...server, received };
}

const send = (
  url: string,
  httpMethod: string,
  { timeoutMs = 30_000, maxAttempts = 1 }: { timeoutMs?: number; maxAttempts?: number } = {},
) =>
  core.send({
    integrationId: 'i1',
    methodId: 'm1',
    integration: integrationDefinitionSchema.parse({ baseUrl: url, behaviour: { retry: { maxAttempts } } }),
    method: methodDefinitionSchema.parse({
      name: 'Create ticket',
      httpMethod,
      path: '/tickets',
      body: { kind: 'json', text: '{"title":"Printer on fire"}' },
      timeoutMs,
    }),
    configuration: null,
    variables: {},
  });

describe('a request cut off after it was written and before any answer', () => {
  it('is said to have an unknown arrival when the server holds it past the timeout', async () => {
    const api = await target(() => undefined);
    const result = await send(api.url, 'POST', { timeoutMs: 300 });
    expect(api.received).toEqual(['POST']);
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.isArrivalUnknown).toBe(true);
  });

  it('is said to have an unknown arrival when the server resets the connection after reading it', async () => {
    const api = await target((request) => request.socket.resetAndDestroy());
    const result = await send(api.url, 'POST');
    expect(api.received).toEqual(['POST']);
    expect(result.response).toBeNull();
    expect(result.isArrivalUnknown).toBe(true);
  });

  it('is said to have an unknown arrival when an earlier attempt was cut off, though the last was refused', async () => {
    // The server drops the first DELETE's connection and stops listening: the retry is refused.
    const api: LocalServer & { received: string[] } = await target(() => void api.close());
    const result = await send(api.url, 'DELETE', { maxAttempts: 2 });
    expect(api.received).toEqual(['DELETE']);
    expect(result.attempts).toBe(2);
    expect(result.error?.message).toMatch(/connection was refused/);
    expect(result.isArrivalUnknown).toBe(true);
  });
});

describe('a request whose fate is known', () => {
  it('was not sent when the connection was refused', async () => {
    const api = await target(() => undefined);
    await api.close();
    const result = await send(api.url, 'POST');
    expect(result.error?.code).toBe('ECONNREFUSED');
    expect(result.isArrivalUnknown).toBeUndefined();
  });

  it('was not sent when the TLS handshake failed (a certificate not trusted)', async () => {
    const certificates = loadTestCertificates();
    const received: string[] = [];
    const secure = await listen(
      https.createServer(
        { key: certificates.serverKey, cert: certificates.serverCert },
        (request, response) => {
          received.push(request.method ?? '');
          response.end('{}');
        },
      ),
    );
    servers.push(secure);
    const result = await send(`https://127.0.0.1:${String(secure.port)}`, 'POST');
    expect(received).toEqual([]);
    expect(result.error?.message).toMatch(/not trusted/);
    expect(result.isArrivalUnknown).toBeUndefined();
  });

  it('arrived when an answer began, though its body was cut off', async () => {
    const api = await target((_request, response) => {
      response.writeHead(201, { 'content-length': '100' });
      response.write('{"id":');
      // The rest never comes: the connection goes once the first bytes are out.
      setImmediate(() => (response.socket as net.Socket).destroy());
    });
    const result = await send(api.url, 'POST');
    expect(api.received).toEqual(['POST']);
    expect(result.error).not.toBeNull();
    expect(result.isArrivalUnknown).toBeUndefined();
  });

  it('arrived when the API answered with an error status', async () => {
    const api = await target((_request, response) => response.writeHead(500).end('{}'));
    const result = await send(api.url, 'POST');
    expect(result.response?.status).toBe(500);
    expect(result.isArrivalUnknown).toBeUndefined();
  });
});
