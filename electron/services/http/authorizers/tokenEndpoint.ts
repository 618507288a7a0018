/** Shared by OAuth 2.0 and JWT assertion: ask a token endpoint, read its answer, cache the token. */
import { AppError } from '../../../../shared/api/appError';
import type { AuthorizationContext, CachedToken } from '../authorizer';

/** Tokens are renewed this long before they expire, so a request never leaves with a stale one. */
export const expirySkewMs = 30_000;

export function isFresh(token: CachedToken, now: number): boolean {
  return token.accessToken !== '' && (token.expiresAt === undefined || token.expiresAt - expirySkewMs > now);
}

export async function requestToken(
  context: AuthorizationContext,
  url: string,
  body: Record<string, string>,
  options: {
    headers?: Record<string, string>;
    format?: 'form' | 'json';
    defaultExpirySeconds?: number | null;
  } = {},
): Promise<CachedToken> {
  const isJson = options.format === 'json';
  const filled = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== ''));
  const answer = await context.tokenEndpoint({
    url,
    headers: {
      accept: 'application/json',
      'content-type': isJson ? 'application/json' : 'application/x-www-form-urlencoded',
      ...options.headers,
    },
    body: isJson ? JSON.stringify(filled) : new URLSearchParams(filled).toString(),
  });
  const data = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as Record<
    string,
    unknown
  >;
  if (answer.status < 200 || answer.status >= 300 || typeof data.access_token !== 'string') {
    const code = typeof data.error === 'string' ? data.error : `HTTP ${String(answer.status)}`;
    const description = typeof data.error_description === 'string' ? ` — ${data.error_description}` : '';
    throw new AppError('unauthorized', `The token endpoint refused the request: ${code}${description}.`);
  }
  const expiresIn =
    typeof data.expires_in === 'number'
      ? data.expires_in
      : Number(data.expires_in ?? options.defaultExpirySeconds ?? NaN);
  return {
    accessToken: data.access_token,
    ...(typeof data.refresh_token === 'string' ? { refreshToken: data.refresh_token } : {}),
    ...(Number.isFinite(expiresIn) ? { expiresAt: context.now() + expiresIn * 1000 } : {}),
  };
}
