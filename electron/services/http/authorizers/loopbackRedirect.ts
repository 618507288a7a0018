/**
 * RFC 8252 loopback redirect for the authorization-code flows: a one-shot server on 127.0.0.1
 * with a random port receives the browser's redirect, checks `state`, and hands back the code.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../../shared/api/appError';

export interface LoopbackOptions {
  authorizeUrl: string;
  /** Query parameters beside response_type, redirect_uri and state. */
  parameters: Record<string, string>;
  openBrowser: (url: string) => Promise<void>;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
}

const donePage = (message: string) =>
  `<!doctype html><meta charset="utf-8"><title>Runbook Designer</title>` +
  `<body style="font-family:system-ui;padding:40px"><h1>${message}</h1><p>You can close this window.</p></body>`;

/** Opens the browser at the authorize URL and resolves with the code and the redirect URI used. */
export async function receiveAuthorizationCode(
  options: LoopbackOptions,
): Promise<{ code: string; redirectUri: string }> {
  const state = crypto.randomBytes(16).toString('base64url');
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  const received = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (url.searchParams.get('state') !== state) {
      response
        .writeHead(400, { 'content-type': 'text/html' })
        .end(donePage('Sign-in failed: the answer did not match the request.'));
      settle?.reject(
        new AppError(
          'unauthorized',
          'The authorization answer did not carry the expected state; sign in again.',
        ),
      );
    } else if (error !== null || code === null) {
      response.writeHead(400, { 'content-type': 'text/html' }).end(donePage('Sign-in was refused.'));
      const description = url.searchParams.get('error_description');
      settle?.reject(
        new AppError(
          'unauthorized',
          `Sign-in was refused: ${error ?? 'no code'}${description === null ? '' : ` (${description})`}.`,
        ),
      );
    } else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(donePage('Signed in to Runbook Designer.'));
      settle?.resolve(code);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/callback`;
  const timeout = setTimeout(
    () => settle?.reject(new AppError('unauthorized', 'Sign-in took too long; try again.')),
    options.timeoutMs ?? 5 * 60_000,
  );
  const onAbort = () => settle?.reject(new AppError('unauthorized', 'Sign-in was cancelled.'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const url = new URL(options.authorizeUrl);
    for (const [name, value] of Object.entries({
      ...options.parameters,
      response_type: 'code',
      redirect_uri: redirectUri,
      state,
    })) {
      if (value !== '') url.searchParams.set(name, value);
    }
    await options.openBrowser(url.toString());
    return { code: await received, redirectUri };
  } finally {
    clearTimeout(timeout);
    options.signal?.removeEventListener('abort', onAbort);
    server.closeAllConnections();
    server.close();
  }
}
