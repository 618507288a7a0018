/** Reading token endpoint answers (RFC 6749 §5.1/§5.2) from a server on 127.0.0.1. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedToken } from '../authorizer';
import { listenOnLoopback, type LocalServer } from './testSupport/localServer';
import { testContext } from './testSupport/testAuthorizationContext';
import { expirySkewMs, isFresh, requestToken } from './tokenEndpoint';

/** The answer the server gives next: status, content type and body text. */
let next: { status: number; type: string; body: string };
let server: LocalServer;

beforeAll(async () => {
  server = await listenOnLoopback(
    http.createServer((_request, response) => {
      response.writeHead(next.status, { 'content-type': next.type }).end(next.body);
    }),
  );
});

afterAll(async () => {
  await server.close();
});

const context = testContext({ type: 'none' }, {}, { now: 1_000_000 });
const ask = (defaultExpirySeconds: number | null = null) =>
  requestToken(context, {
    url: `${server.url}/token`,
    fields: { grant_type: 'client_credentials', scope: '' },
    defaultExpirySeconds,
    secrets: ['cs-secret-value'],
  });
const json = (status: number, body: object) => ({
  status,
  type: 'application/json',
  body: JSON.stringify(body),
});

describe('token endpoint', () => {
  it('reads the token, the refresh token and the expiry, leaving out empty fields', async () => {
    next = json(200, { access_token: 'at', refresh_token: 'rt', expires_in: '120', token_type: 'bearer' });
    expect(await ask()).toEqual({ accessToken: 'at', refreshToken: 'rt', expiresAt: 1_000_000 + 120_000 });
    expect(context.tokenCalls.at(-1)?.body).toBe('grant_type=client_credentials');
  });

  it('keeps a token without expiry until refused, unless a default is set', async () => {
    next = json(200, { access_token: 'at' });
    expect((await ask()).expiresAt).toBeUndefined();
    expect((await ask(60)).expiresAt).toBe(1_000_000 + 60_000);
  });

  it('keeps a token whose expires_in lies past any date until refused, once stored too', async () => {
    next = json(200, { access_token: 'at', expires_in: 1e12 });
    expect((await ask()).expiresAt).toBe(1_000_000 + 1e15);
    next = json(200, { access_token: 'at', expires_in: 1e306 });
    // The cache keeps tokens as JSON, where an expiry of Infinity comes back as null.
    const stored = JSON.parse(JSON.stringify(await ask())) as CachedToken;
    expect(isFresh(stored, 1_000_000)).toBe(true);
  });

  it('explains an answer that is not JSON', async () => {
    next = { status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' };
    await expect(ask()).rejects.toThrow(/refused the request \(HTTP 502\): no error code given\.$/);
  });

  it('reports an error the endpoint gives with HTTP 200, as GitHub’s does', async () => {
    next = json(200, { error: 'bad_verification_code', error_description: 'The code is wrong or expired' });
    await expect(ask()).rejects.toThrow(
      /refused the request \(HTTP 200\): bad_verification_code — The code is wrong or expired\.$/,
    );
  });

  it('says a success that is not JSON is no token endpoint', async () => {
    next = { status: 200, type: 'text/html; charset=utf-8', body: '<html><form>Sign in</form></html>' };
    await expect(ask()).rejects.toThrow(
      /^The token endpoint at 127\.0\.0\.1:\d+ answered HTTP 200 with text\/html, not JSON: check the token URL\.$/,
    );
  });

  it('explains a success without an access token', async () => {
    next = json(200, { token_type: 'bearer' });
    await expect(ask()).rejects.toThrow('The token endpoint answered without an access_token.');
  });

  it('never repeats a secret the endpoint echoes', async () => {
    next = json(400, {
      error: 'invalid_client',
      error_description: 'client_secret=cs-secret-value is wrong',
    });
    await expect(ask()).rejects.toThrow(/invalid_client — client_secret=•••• is wrong\.$/);
  });

  it('never shows the start of a secret that the clipped description would cut', async () => {
    const prefix = 'The token endpoint at 127.0.0.1:0000 refused the request (HTTP 400): invalid_client — ';
    for (let cut = 1; cut < 'cs-secret-value'.length; cut += 3) {
      next = json(400, {
        error: 'invalid_client',
        error_description: `${'x'.repeat(300 - prefix.length - cut)}cs-secret-value was rejected`,
      });
      const error = await ask().then(
        () => new Error('no refusal'),
        (reason: unknown) => reason as Error,
      );
      expect(error.message).not.toContain('cs-');
      expect(error.message).toMatch(/…$/);
    }
  });

  it('treats a token as stale 30 s before it expires', () => {
    expect(isFresh({ accessToken: 'a', expiresAt: 100_000 }, 100_000 - expirySkewMs - 1)).toBe(true);
    expect(isFresh({ accessToken: 'a', expiresAt: 100_000 }, 100_000 - expirySkewMs)).toBe(false);
    expect(isFresh({ accessToken: '' }, 0)).toBe(false);
  });
});
