import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, httpStatusOf, type ErrorCode } from '../../shared/api/appError';
import { callNames } from '../../shared/api/contract';
import {
  bearer,
  jsonWithBearer,
  startTestServer,
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
const fiveMegabytes = () => Buffer.alloc(5 * 1024 * 1024, 0x20);

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

  it('refuses a body whose bytes are not UTF-8 with 400, instead of storing U+FFFD in their place', async () => {
    const name = Buffer.from([0x48, 0x61, 0x6c, 0x6f, 0xff, 0xfe]);
    const response = await server.request('/api/integrations.create', {
      method: 'POST',
      headers: jsonWithBearer,
      body: Buffer.concat([Buffer.from('{"details":{"category":"PSA","name":"'), name, Buffer.from('"}}')]),
    });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({
      code: 'invalid_input',
      message: 'The body is not valid UTF-8 text.',
    });
    expect(JSON.parse((await server.call('integrations.list', {})).body)).toMatchObject({ total: 0 });
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

  it('refuses a body over 4 MB with 413', async () => {
    const response = await server.request('/api/integrations.list', {
      method: 'POST',
      headers: jsonWithBearer,
      body: fiveMegabytes(),
    });
    expect(response.status).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
  });

  it('refuses a chunked body over 4 MB with 413, though it announced no length', async () => {
    const response = await server.request('/api/integrations.list', {
      method: 'POST',
      headers: jsonWithBearer,
      body: fiveMegabytes(),
      isChunked: true,
    });
    expect(response.status).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
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

  it('pushes an integrations.changed event to /api/events after a create', async () => {
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
});
