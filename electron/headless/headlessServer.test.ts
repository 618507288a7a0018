import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bearer,
  jsonWithBearer,
  outsideMarker,
  startTestServer,
  testToken,
  type TestServer,
} from '../../test/integration/support/headlessHarness';
import { sessionCookieOf } from './headlessServer';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(() => server.dispose());

const errorOf = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe('headless server: the session token', () => {
  it('refuses a call without the token with a JSON error', async () => {
    const response = await server.call('integrations.list', {}, { 'content-type': 'application/json' });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(errorOf(response.body)).toBe('unauthorized');
  });

  it('refuses the page itself without the token', async () => {
    expect((await server.request('/')).status).toBe(401);
  });

  it('refuses a wrong bearer token', async () => {
    const response = await server.call(
      'integrations.list',
      {},
      { 'content-type': 'application/json', authorization: `Bearer ${testToken}x` },
    );
    expect(response.status).toBe(401);
  });

  it('answers a call with the bearer token', async () => {
    const response = await server.call('integrations.list', {});
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ items: [], total: 0 });
  });

  it('turns the token on the URL into an HttpOnly, SameSite=Strict cookie and drops it from the address', async () => {
    const response = await server.request(`/?token=${testToken}&tab=x`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/?tab=x');
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`${sessionCookieOf(server.port)}=${testToken}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('lets the cookie open the page and make calls', async () => {
    const cookie = { cookie: `${sessionCookieOf(server.port)}=${testToken}` };
    const page = await server.request('/', { headers: cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const response = await server.call(
      'integrations.list',
      {},
      { ...cookie, 'content-type': 'application/json' },
    );
    expect(response.status).toBe(200);
  });

  it('refuses a cookie with another token', async () => {
    const response = await server.request('/', {
      headers: { cookie: `${sessionCookieOf(server.port)}=${testToken}x` },
    });
    expect(response.status).toBe(401);
  });

  it('sets no cookie for a wrong token on the URL', async () => {
    const response = await server.request('/?token=wrong');
    expect(response.status).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('headless server: who may call', () => {
  it('refuses a request addressed to a foreign host (DNS rebinding)', async () => {
    const response = await server.request('/api', {
      headers: { ...bearer, host: `evil.example:${String(server.port)}` },
    });
    expect(response.status).toBe(403);
    expect(errorOf(response.body)).toBe('forbidden');
  });

  it('refuses a foreign host name sent without a port', async () => {
    const response = await server.call('integrations.list', {}, { ...jsonWithBearer, host: 'evil.example' });
    expect(response.status).toBe(403);
  });

  it('accepts localhost as its own name', async () => {
    const response = await server.request('/api', {
      headers: { ...bearer, host: `localhost:${String(server.port)}` },
    });
    expect(response.status).toBe(200);
  });

  it('refuses a call from a foreign origin', async () => {
    const response = await server.call(
      'integrations.list',
      {},
      { ...jsonWithBearer, origin: 'http://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(errorOf(response.body)).toBe('forbidden');
  });

  it('refuses its own host on another port as an origin', async () => {
    const response = await server.call(
      'integrations.list',
      {},
      { ...jsonWithBearer, origin: `http://127.0.0.1:${String(server.port + 1)}` },
    );
    expect(response.status).toBe(403);
  });

  it('refuses Origin: null (a sandboxed frame, a file:// page) though it carries the session cookie', async () => {
    const cookie = `${sessionCookieOf(server.port)}=${testToken}`;
    const response = await server.call(
      'integrations.create',
      { details: { name: 'Forged', category: 'PSA' } },
      { cookie, 'content-type': 'application/json', origin: 'null' },
    );
    expect(response.status).toBe(403);
    expect(JSON.parse((await server.call('integrations.list', {})).body)).toMatchObject({ total: 0 });
  });

  it('refuses a form a page of another origin posts with the session cookie (CSRF), creating nothing', async () => {
    const cookie = `${sessionCookieOf(server.port)}=${testToken}`;
    const response = await server.request('/api/integrations.create', {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain', origin: 'http://127.0.0.1:9' },
      body: JSON.stringify({ details: { name: 'Forged', category: 'PSA' } }),
    });
    expect(response.status).toBe(403);
    expect(JSON.parse((await server.call('integrations.list', {})).body)).toMatchObject({ total: 0 });
  });

  it('accepts its own origin', async () => {
    const response = await server.call('integrations.list', {}, { ...jsonWithBearer, origin: server.origin });
    expect(response.status).toBe(200);
  });
});

describe('headless server: static files', () => {
  it('serves a built asset with its content type', async () => {
    const response = await server.request('/assets/app.js', { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(response.body).toBe('console.log("app");');
  });

  it('answers a client-side route with the app page', async () => {
    const response = await server.request('/runbooks/123', { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>app</title>');
  });

  it.each([
    ['/../package.json'],
    ['/%2e%2e/package.json'],
    ['/assets/../../package.json'],
    ['/..%2fpackage.json'],
    ['/%2e%2e%5cpackage.json'],
  ])('does not serve files outside its folder: %s', async (pathname) => {
    const response = await server.request(pathname, { headers: bearer });
    expect(response.body).not.toContain(outsideMarker);
  });

  it('answers 400 for an address that cannot be decoded', async () => {
    const response = await server.request('/%E0%A4%A', { headers: bearer });
    expect(response.status).toBe(400);
    expect(errorOf(response.body)).toBe('invalid_input');
  });

  it('refuses to POST to a page', async () => {
    const response = await server.request('/', { method: 'POST', headers: bearer });
    expect(response.status).toBe(405);
  });
});
