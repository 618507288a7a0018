import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callNames } from '../../shared/api/contract';
import { startBackend, temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { sessionCookie, startHeadlessServer, type HeadlessServer } from './headlessServer';

const token = 'test-token-0123456789abcdefghijklmnopqrstuv';
let server: HeadlessServer;
let origin: string;

beforeEach(async () => {
  const staticDirectory = temporaryDirectory();
  fs.writeFileSync(path.join(staticDirectory, 'index.html'), '<!doctype html><title>app</title>');
  server = await startHeadlessServer({
    backend: startBackend(),
    host: '127.0.0.1',
    port: 0,
    token,
    staticDirectory,
    log: () => undefined,
  });
  origin = `http://127.0.0.1:${String(server.port)}`;
});

afterEach(() => server.dispose());

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http, so that Host and Origin can be set freely (fetch forbids it). */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const bearer = { authorization: `Bearer ${token}` };
const json = { ...bearer, 'content-type': 'application/json' };
const call = (name: string, body: unknown, headers: Record<string, string> = json) =>
  request(`/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });

describe('headless server', () => {
  it('refuses a call without the token with a JSON error', async () => {
    const response = await call('integrations.list', {}, { 'content-type': 'application/json' });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses the page itself without the token', async () => {
    expect((await request('/')).status).toBe(401);
  });

  it('refuses a wrong token', async () => {
    const response = await call(
      'integrations.list',
      {},
      { 'content-type': 'application/json', authorization: 'Bearer nope' },
    );
    expect(response.status).toBe(401);
  });

  it('answers a call with the bearer token', async () => {
    const response = await call('integrations.list', {});
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ items: [], total: 0 });
  });

  it('turns the token on the URL into a strict cookie and drops it from the address', async () => {
    const response = await request(`/?token=${token}&tab=x`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/?tab=x');
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`${sessionCookie}=${token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await request('/', { headers: { cookie: `${sessionCookie}=${token}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a request addressed to a foreign host (DNS rebinding)', async () => {
    const response = await request('/api', {
      headers: { ...bearer, host: `evil.example:${String(server.port)}` },
    });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses a call from a foreign origin', async () => {
    const response = await call('integrations.list', {}, { ...json, origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });

  it('accepts its own origin', async () => {
    const response = await call('integrations.list', {}, { ...json, origin });
    expect(response.status).toBe(200);
  });

  it('names the bad field of a malformed body', async () => {
    const response = await call('integrations.create', { details: { category: 'PSA' } });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body) as { error: { code: string; message: string; field: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.field).toBe('details.name');
    expect(body.error.message).toContain('details.name');
  });

  it('refuses a body that is not JSON', async () => {
    const response = await request('/api/integrations.list', {
      method: 'POST',
      headers: json,
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'invalid_input', message: 'The body is not valid JSON.' },
    });
  });

  it('refuses another content type', async () => {
    const response = await request('/api/integrations.list', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(response.status).toBe(415);
  });

  it('refuses GET on a call', async () => {
    expect((await request('/api/integrations.list', { headers: bearer })).status).toBe(405);
  });

  it('answers 404 for an unknown call', async () => {
    const response = await call('integrations.explode', {});
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'unknown_call' } });
  });

  it('refuses a body over 4 MB', async () => {
    const response = await request('/api/integrations.list', {
      method: 'POST',
      headers: json,
      body: Buffer.alloc(5 * 1024 * 1024, 0x20),
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers a conflict with 409 and the field', async () => {
    await call('integrations.create', { details: { name: 'Twice', category: 'PSA' } });
    const response = await call('integrations.create', { details: { name: 'twice', category: 'PSA' } });
    expect(response.status).toBe(409);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'conflict', field: 'name' } });
  });

  it('describes every call with JSON Schemas at GET /api', async () => {
    const response = await request('/api', { headers: bearer });
    const body = JSON.parse(response.body) as {
      calls: { name: string; input: { type?: string }; output: unknown }[];
    };
    expect(body.calls.map((entry) => entry.name)).toEqual(callNames);
    const create = body.calls.find((entry) => entry.name === 'integrations.create');
    expect(create?.input).toMatchObject({ type: 'object', properties: { details: { type: 'object' } } });
  });

  it('pushes an event to /api/events when an integration is created', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const events = http.get(
        { host: '127.0.0.1', port: server.port, path: '/api/events', headers: bearer },
        (response) => {
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
          void call('integrations.create', { details: { name: 'Evented', category: 'PSA' } });
        },
      );
      events.on('error', reject);
    });
    expect(JSON.parse(await received)).toMatchObject({
      name: 'integrations.changed',
      payload: { change: 'created' },
    });
  });

  it('does not serve files outside its folder', async () => {
    const response = await request('/../../etc/passwd', { headers: bearer });
    expect(response.body).not.toContain('root:');
    const encoded = await request('/%2e%2e/%2e%2e/etc/passwd', { headers: bearer });
    expect(encoded.body).not.toContain('root:');
  });
});
