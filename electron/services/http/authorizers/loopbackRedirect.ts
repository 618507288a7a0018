/**
 * RFC 8252 §7.3 loopback redirect for the authorization-code flows: a one-shot HTTP server on
 * 127.0.0.1 with a random port receives the browser's redirect, checks `state` (RFC 6749 §10.12),
 * answers the browser with a small page, and hands back the code. The wait is bounded and can be
 * cancelled; the server is closed whatever happens.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../../shared/api/appError';

export interface LoopbackAuthorization {
  authorizeUrl: string;
  /** Query parameters besides response_type, redirect_uri and state (client_id, scope, PKCE…); empty ones are left out. */
  parameters: Record<string, string>;
  openBrowser: (url: string) => Promise<void>;
  signal?: AbortSignal | undefined;
  /** How long to wait for the browser; 5 minutes unless told. */
  timeoutMs?: number;
}

/** The code the browser brought back and the redirect URI it came to (the token request repeats it). */
export interface AuthorizationCode {
  code: string;
  redirectUri: string;
}

const callbackPath = '/callback';
const defaultTimeoutMs = 5 * 60_000;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);

function page(title: string, detail: string): string {
  return (
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Runbook Designer</title>` +
    `<body style="font-family:system-ui,sans-serif;margin:48px;color:#222">` +
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>` +
    `<p>You can close this window.</p></body></html>`
  );
}

/** The authorize URL with the flow's parameters; the URL's own query parameters are kept. */
function authorizeUrlWith(base: string, parameters: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(parameters)) if (value !== '') url.searchParams.set(name, value);
  return url.toString();
}

/** Promise.withResolvers, which Node 20 lacks. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

type Outcome = { code: string } | { error: AppError };

/** Reads the redirect: a code with the right state, or the reason it is refused. */
function outcomeOf(url: URL, state: string): Outcome {
  const received = url.searchParams.get('state');
  const isExpectedState =
    received !== null &&
    received.length === state.length &&
    crypto.timingSafeEqual(Buffer.from(received), Buffer.from(state));
  if (!isExpectedState) {
    return {
      error: new AppError(
        'unauthorized',
        'The sign-in answer did not match this sign-in (state differs); sign in again.',
      ),
    };
  }
  const error = url.searchParams.get('error');
  const code = url.searchParams.get('code');
  if (error !== null || code === null || code === '') {
    const description = url.searchParams.get('error_description');
    const reason = `${error ?? 'no code returned'}${description === null ? '' : ` — ${description}`}`;
    return { error: new AppError('unauthorized', `The sign-in was refused: ${reason.slice(0, 300)}.`) };
  }
  return { code };
}

/**
 * Opens the browser at the authorize URL and resolves with the code from the loopback redirect.
 * Steps: listen on 127.0.0.1:0 → build the URL (response_type=code, redirect_uri, state, …) →
 * openBrowser → wait for GET /callback (bounded, abortable) → answer the browser → close.
 */
export async function receiveAuthorizationCode(options: LoopbackAuthorization): Promise<AuthorizationCode> {
  if (options.signal?.aborted === true) throw new AppError('unauthorized', 'The sign-in was cancelled.');
  const state = crypto.randomBytes(32).toString('base64url');
  const settled = deferred<string>();
  // Marked handled now: it may reject while openBrowser is still running; it is awaited below.
  settled.promise.catch(() => undefined);

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== callbackPath) {
      response.writeHead(404, { connection: 'close' }).end();
      return;
    }
    const outcome = outcomeOf(url, state);
    const isCode = 'code' in outcome;
    const html = isCode
      ? page('Signed in to Runbook Designer.', 'Runbook Designer has received the authorization.')
      : page('Sign-in did not complete.', outcome.error.message);
    response.writeHead(isCode ? 200 : 400, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
    });
    // Settle only once the page is flushed, so closing the server cannot cut it off.
    response.end(html, () => (isCode ? settled.resolve(outcome.code) : settled.reject(outcome.error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const redirectUri = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}${callbackPath}`;
  const timeout = setTimeout(
    () =>
      settled.reject(new AppError('unauthorized', 'The sign-in in the browser took too long; try again.')),
    options.timeoutMs ?? defaultTimeoutMs,
  );
  const onAbort = () => settled.reject(new AppError('unauthorized', 'The sign-in was cancelled.'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await options.openBrowser(
      authorizeUrlWith(options.authorizeUrl, {
        ...options.parameters,
        response_type: 'code',
        redirect_uri: redirectUri,
        state,
      }),
    );
    return { code: await settled.promise, redirectUri };
  } finally {
    clearTimeout(timeout);
    options.signal?.removeEventListener('abort', onAbort);
    server.close();
    server.closeAllConnections();
  }
}
