/** The RFC 8252 loopback receiver, driven over real HTTP by a test browser on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { receiveAuthorizationCode, type LoopbackAuthorization } from './loopbackRedirect';

const authorizeUrl = 'https://login.example/authorize?tenant=acme';

/** A browser that "signs in" at once: it goes straight to redirect_uri with what `answer` adds. */
function browserAnswering(
  answer: (authorize: URL) => Record<string, string>,
  seen: { url?: URL; page?: string; status?: number } = {},
) {
  return async (url: string) => {
    const authorize = new URL(url);
    seen.url = authorize;
    const redirect = new URL(authorize.searchParams.get('redirect_uri') ?? '');
    for (const [name, value] of Object.entries(answer(authorize))) redirect.searchParams.set(name, value);
    const response = await fetch(redirect, { signal: AbortSignal.timeout(5_000) });
    seen.status = response.status;
    seen.page = await response.text();
  };
}

const options = (
  openBrowser: LoopbackAuthorization['openBrowser'],
  extra: Partial<LoopbackAuthorization> = {},
) => ({
  authorizeUrl,
  parameters: { client_id: 'runbook', scope: 'openid', audience: '' },
  openBrowser,
  timeoutMs: 5_000,
  ...extra,
});

describe('loopback redirect', () => {
  it('builds the authorize URL, receives the code, and thanks the browser', async () => {
    const seen: { url?: URL; page?: string; status?: number } = {};
    const openBrowser = browserAnswering(
      (url) => ({ code: 'code-123', state: url.searchParams.get('state') ?? '' }),
      seen,
    );
    const result = await receiveAuthorizationCode(options(openBrowser));
    expect(result.code).toBe('code-123');
    expect(result.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(Object.fromEntries(seen.url?.searchParams ?? [])).toMatchObject({
      tenant: 'acme',
      client_id: 'runbook',
      scope: 'openid',
      response_type: 'code',
      redirect_uri: result.redirectUri,
    });
    expect(seen.url?.searchParams.has('audience')).toBe(false);
    expect(seen.url?.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(seen.status).toBe(200);
    expect(seen.page).toContain('You can close this window.');
  });

  it('stops listening once it has the code', async () => {
    const openBrowser = browserAnswering((url) => ({
      code: 'c',
      state: url.searchParams.get('state') ?? '',
    }));
    const { redirectUri } = await receiveAuthorizationCode(options(openBrowser));
    await expect(fetch(redirectUri, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
  });

  it('refuses an answer with another state, and tells the browser', async () => {
    const seen: { page?: string; status?: number } = {};
    const openBrowser = browserAnswering(() => ({ code: 'code-123', state: 'forged' }), seen);
    await expect(receiveAuthorizationCode(options(openBrowser))).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('state differs') as unknown,
    });
    expect(seen.status).toBe(400);
    expect(seen.page).toContain('You can close this window.');
  });

  it('reports a refusal with its error and description', async () => {
    const openBrowser = browserAnswering((url) => ({
      error: 'access_denied',
      error_description: 'The user said no',
      state: url.searchParams.get('state') ?? '',
    }));
    await expect(receiveAuthorizationCode(options(openBrowser))).rejects.toThrow(
      'The sign-in was refused: access_denied — The user said no.',
    );
  });

  it('ignores requests to other paths, such as the favicon', async () => {
    const openBrowser = async (url: string) => {
      const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
      expect((await fetch(new URL('/favicon.ico', redirect))).status).toBe(404);
      await browserAnswering((authorize) => ({
        code: 'ok',
        state: authorize.searchParams.get('state') ?? '',
      }))(url);
    };
    expect((await receiveAuthorizationCode(options(openBrowser))).code).toBe('ok');
  });

  it('gives up after the timeout', async () => {
    await expect(
      receiveAuthorizationCode(options(() => Promise.resolve(), { timeoutMs: 200 })),
    ).rejects.toThrow(/took too long/);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const openBrowser = () => {
      setTimeout(() => controller.abort(), 50);
      return Promise.resolve();
    };
    await expect(
      receiveAuthorizationCode(options(openBrowser, { signal: controller.signal })),
    ).rejects.toThrow('The sign-in was cancelled.');
  });

  it('does not open the browser when already cancelled', async () => {
    let isOpened = false;
    const openBrowser = () => {
      isOpened = true;
      return Promise.resolve();
    };
    await expect(
      receiveAuthorizationCode(options(openBrowser, { signal: AbortSignal.abort() })),
    ).rejects.toThrow('cancelled');
    expect(isOpened).toBe(false);
  });
});
