import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, httpStatusOf, type ErrorCode } from '../../shared/api/appError';
import { callNames } from '../../shared/api/contract';
import { maxRunbookFileBytes } from '../../shared/io/exchangeDocument';
import { maxBodyBytes, maxUnsentEventBytes } from './httpApi';
import {
  bearer,
  jsonWithBearer,
  startTestServer,
  testToken,
  type RawResponse,
  type TestServer,
} from '../../test/integration/support/headlessHarness';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(() => server.dispose());

interface ErrorResponse {
  error: { code: string; message: string; field?: string };
}

const errorOf = (response: RawResponse) => (JSON.parse(response.body) as ErrorResponse).error;
const overTheLimit = () => Buffer.alloc(maxBodyBytes + 1, 0x20);

describe('HTTP API: refused requests', () => {
  it('refuses a body that is not JSON with 400', async () => {
    const response = await server.request('/api/integrations.list', {
      method: 'POST',
      headers: jsonWithBearer,
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({ code: 'invalid_input', message: 'The body is not valid JSON.' });
  });

  it('refuses a body that is not UTF-8 with 400 saying where, instead of storing U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from('{"details": {"name": "Caf'),
      Buffer.from([0xe9]),
      Buffer.from('", "category": "PSA"}}'),
    ]);
    const response = await server.request('/api/integrations.create', {
      method: 'POST',
      headers: jsonWithBearer,
      body,
    });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({
      code: 'invalid_input',
      message: 'The body is not UTF-8 text (byte 25 is not valid UTF-8).',
    });
    expect(JSON.parse((await server.call('integrations.list', {})).body)).toMatchObject({ total: 0 });
  });

  it('reads a JSON body that starts with a UTF-8 byte order mark, as Windows tools write it', async () => {
    const response = await server.request('/api/integrations.create', {
      method: 'POST',
      headers: jsonWithBearer,
      body: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({ details: { name: 'Café', category: 'PSA' } })),
      ]),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ name: 'Café' });
  });

  it('refuses a body without details.name with 400, naming the field', async () => {
    const response = await server.call('integrations.create', { details: { category: 'PSA' } });
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'details.name' });
    expect(error.message).toContain('details.name');
  });

  it('refuses another content type with 415', async () => {
    const response = await server.request('/api/integrations.list', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(response.status).toBe(415);
    expect(errorOf(response).code).toBe('unsupported_media_type');
  });

  it('refuses GET on a call with 405', async () => {
    const response = await server.request('/api/integrations.list', { headers: bearer });
    expect(response.status).toBe(405);
    expect(errorOf(response).code).toBe('method_not_allowed');
  });

  it('answers 404 for an unknown call', async () => {
    const response = await server.call('integrations.explode', {});
    expect(response.status).toBe(404);
    expect(errorOf(response).code).toBe('unknown_call');
  });

  it('refuses a body over its limit with 413', async () => {
    const response = await server.request('/api/integrations.list', {
      method: 'POST',
      headers: jsonWithBearer,
      body: overTheLimit(),
    });
    expect(response.status).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
  });

  it('closes the connection once it refused a body announced over its limit, though the body still comes', async () => {
    // The body would take for ever at a byte every 50 ms; the 413 comes at once.
    const answer = await new Promise<string | null>((resolve) => {
      let text = '';
      const socket = net.connect(server.port, '127.0.0.1', () =>
        socket.write(
          `POST /api/integrations.list HTTP/1.1\r\nHost: 127.0.0.1:${String(server.port)}\r\n` +
            `Authorization: Bearer ${testToken}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${String(maxBodyBytes + 1)}\r\n\r\n`,
        ),
      );
      const drip = setInterval(() => socket.write(' '), 50);
      const givingUp = setTimeout(() => {
        socket.destroy();
        resolve(null);
      }, 5_000);
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(drip);
        clearTimeout(givingUp);
        resolve(text);
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('reads a body of exactly its limit, announced or chunked', async () => {
    const atTheLimit = Buffer.alloc(maxBodyBytes, 0x20);
    atTheLimit.write('{}', 0);
    for (const isChunked of [false, true]) {
      const response = await server.request('/api/integrations.list', {
        method: 'POST',
        headers: jsonWithBearer,
        body: atTheLimit,
        isChunked,
      });
      expect(response.status).toBe(200);
    }
  });

  it('refuses a chunked body over its limit with 413, though it announced no length', async () => {
    const response = await server.request('/api/integrations.list', {
      method: 'POST',
      headers: jsonWithBearer,
      body: overTheLimit(),
      isChunked: true,
    });
    expect(response.status).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
  });

  it('reads an integration file just under 4 MB, though as a JSON string it takes more', async () => {
    const file = {
      format: 'runbook-designer/integration',
      schemaVersion: 1,
      integration: {
        name: 'Bulk',
        category: 'Other',
        definition: {},
        // Each quote of the body's text is \" in the file and \\\" in the call's JSON.
        methods: [{ name: 'Send', httpMethod: 'POST', body: { kind: 'json', text: '"a",'.repeat(690_000) } }],
      },
    };
    const content = JSON.stringify(file, null, 2);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(maxRunbookFileBytes);
    expect(Buffer.byteLength(JSON.stringify({ content }))).toBeGreaterThan(5 * 1024 * 1024);
    const response = await server.call('integrations.previewImport', { content });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      name: 'Bulk',
      methods: [{ name: 'Send', action: 'create' }],
    });
  });

  it('refuses a body of 700,000 keys (8 MB) with 413 before parsing it, answering on meanwhile', async () => {
    const keys = Array.from({ length: 700_000 }, (_, index) => `"k${String(index)}":1`).join(',');
    const body = `{"runbookId":"${crypto.randomUUID()}","inputs":{"alert":{${keys}}}}`;
    expect(body.length).toBeLessThan(maxBodyBytes);
    // The longest the server's event loop (this process's) went without running a timer.
    let last = performance.now();
    let stallMs = 0;
    const ticker = setInterval(() => {
      stallMs = Math.max(stallMs, performance.now() - last);
      last = performance.now();
    }, 5);
    const response = await server
      .request('/api/runbooks.run', { method: 'POST', headers: jsonWithBearer, body })
      .finally(() => clearInterval(ticker));
    expect(response.status).toBe(413);
    expect(errorOf(response)).toEqual({
      code: 'payload_too_large',
      message:
        'The body holds an object of more than 10,000 keys (at $.inputs.alert); send at most 10,000 keys in one object.',
    });
    // Parsed and checked, this body held the server 4 s; counted, some 20 ms.
    expect(Math.max(stallMs, performance.now() - last)).toBeLessThan(1_000);
    expect((await server.call('integrations.list', {})).status).toBe(200);
  });

  it('refuses a body of more than 200,000 keys and array items in all with 413', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 200_001 }, () => 0) });
    const response = await server.request('/api/integrations.list', {
      method: 'POST',
      headers: jsonWithBearer,
      body,
    });
    expect(response.status).toBe(413);
    expect(errorOf(response).message).toBe(
      'The body holds more than 200,000 keys and array items; send at most 200,000.',
    );
  });

  it('answers a conflict with 409 and the field', async () => {
    await server.call('integrations.create', { details: { name: 'Twice', category: 'PSA' } });
    const response = await server.call('integrations.create', {
      details: { name: 'twice', category: 'PSA' },
    });
    expect(response.status).toBe(409);
    expect(errorOf(response)).toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('answers 404 for an integration that does not exist', async () => {
    const response = await server.call('integrations.get', { id: 'missing' });
    expect(response.status).toBe(404);
    expect(errorOf(response).code).toBe('not_found');
  });
});

describe('HTTP API: every error has the same shape', () => {
  const cases: [string, () => Promise<RawResponse>][] = [
    ['no token', () => server.call('integrations.list', {}, { 'content-type': 'application/json' })],
    ['foreign host', () => server.request('/api', { headers: { ...bearer, host: 'evil.example' } })],
    [
      'foreign origin',
      () => server.call('integrations.list', {}, { ...jsonWithBearer, origin: 'http://x.example' }),
    ],
    [
      'malformed JSON',
      () => server.request('/api/integrations.list', { method: 'POST', headers: jsonWithBearer, body: '[' }),
    ],
    ['invalid input', () => server.call('integrations.create', { details: {} })],
    [
      'wrong content type',
      () => server.request('/api/integrations.list', { method: 'POST', headers: bearer, body: '{}' }),
    ],
    ['GET on a call', () => server.request('/api/integrations.list', { headers: bearer })],
    ['POST on the description', () => server.request('/api', { method: 'POST', headers: jsonWithBearer })],
    ['unknown call', () => server.call('nothing.here', {})],
    ['missing integration', () => server.call('integrations.get', { id: 'missing' })],
    ['escaping the static folder', () => server.request('/..%2fpackage.json', { headers: bearer })],
  ];

  it.each(cases)('%s', async (_, send) => {
    const response = await send();
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(response.body) as ErrorResponse;
    expect(Object.keys(body)).toEqual(['error']);
    expect(errorCodes).toContain(body.error.code);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(response.status).toBe(httpStatusOf[body.error.code as ErrorCode]);
    expect(response.body).not.toMatch(/\bat .+\(.+:\d+:\d+\)/); // no stack trace
  });
});

describe('HTTP API: description and events', () => {
  it('lists every call of the contract at GET /api with input and output JSON Schemas', async () => {
    const response = await server.request('/api', { headers: bearer });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as {
      calls: { name: string; method: string; path: string; input: { type?: string }; output: object }[];
    };
    expect(body.calls.map((entry) => entry.name)).toEqual(callNames);
    for (const entry of body.calls) {
      expect(entry, entry.name).toMatchObject({ method: 'POST', path: `/api/${entry.name}` });
      expect(entry.input, entry.name).toMatchObject({ type: 'object' });
      expect(entry.output, entry.name).toHaveProperty('$schema');
    }
    const create = body.calls.find((entry) => entry.name === 'integrations.create');
    expect(create?.input).toMatchObject({
      properties: { details: { type: 'object', required: expect.arrayContaining(['name', 'category']) } },
    });
  });

  it('refuses the event stream without the token', async () => {
    const response = await server.request('/api/events');
    expect(response.status).toBe(401);
  });

  it.each(['POST', 'HEAD', 'OPTIONS'])('refuses %s on the event stream with 405', async (method) => {
    const response = await server.request('/api/events', { method, headers: bearer });
    expect(response.status).toBe(405);
    if (method !== 'HEAD') expect(errorOf(response).code).toBe('method_not_allowed');
  });

  it('pushes an integrations.changed event to /api/events after a create, and asks for reconnection within a second', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const events = http.get(
        { host: '127.0.0.1', port: server.port, path: '/api/events', headers: bearer },
        (response) => {
          expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
          let buffer = '';
          response.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            const data = /^data: (.+)$/m.exec(buffer);
            if (data?.[1] !== undefined) {
              events.destroy();
              // The browser is told to reconnect a second after the stream drops (not its own 3 s).
              expect(buffer.startsWith('retry: 1000\n')).toBe(true);
              resolve(data[1]);
            }
          });
          // Connected: now cause an event.
          void server.call('integrations.create', { details: { name: 'Evented', category: 'PSA' } });
        },
      );
      events.on('error', reject);
    });
    expect(JSON.parse(await received)).toMatchObject({
      name: 'integrations.changed',
      payload: { change: 'created' },
    });
  });

  it('closes the stream of a reader that stopped reading, once it is 8 MB behind, and lets go of it', async () => {
    const listening = server.backend.events.listenerCount();
    const socket = net.connect(server.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${String(server.port)}\r\nAuthorization: ${bearer.authorization}\r\n\r\n`,
    );
    // Never read: what the server sends piles up in the kernel's buffers, then in its own.
    socket.pause();
    for (let attempt = 0; attempt < 100 && server.backend.events.listenerCount() === listening; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.backend.events.listenerCount()).toBe(listening + 1);
    const big = {
      name: 'integrations.changed',
      payload: { change: 'updated', note: 'x'.repeat(1024 * 1024) },
    };
    const events = Math.ceil((maxUnsentEventBytes * 4) / (1024 * 1024));
    for (let index = 0; index < events && server.backend.events.listenerCount() > listening; index += 1) {
      server.backend.events.emit(big as never);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.backend.events.listenerCount()).toBe(listening);
    // Reading again, the client comes to the end of what was sent: the server closed the stream.
    socket.resume();
    await closed;
  });
});

describe('HTTP API: addresses', () => {
  it('answers a request line whose address cannot be parsed with 400, token or not', async () => {
    for (const target of ['//[/api/app.info', 'http://%zz/x']) {
      for (const headers of [{}, bearer]) {
        const response = await server.request(target, { method: 'POST', headers, body: '{}' });
        expect(response.status).toBe(400);
        expect(errorOf(response)).toEqual({ code: 'invalid_input', message: 'The address is not valid.' });
      }
    }
    expect((await server.call('app.info', {})).status).toBe(200);
  });
});
