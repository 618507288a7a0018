/**
 * Shared by OAuth 2.0 and JWT assertion: post a grant to a token endpoint, read the answer
 * (RFC 6749 §5.1/§5.2) into a CachedToken, and tell when a cached token is still good.
 */
import { AppError } from '../../../../shared/api/appError';
import type { AuthorizationContext, CachedToken, PreparedRequest } from '../authorizer';

/** A token is renewed this long before it expires, so no request leaves with a stale one. */
export const expirySkewMs = 30_000;

/** True while the token can be sent: it has a value and is not within the skew of its expiry. */
export function isFresh(token: CachedToken, now: number): boolean {
  return token.accessToken !== '' && (token.expiresAt === undefined || token.expiresAt - expirySkewMs > now);
}

/**
 * The bearer token a refused request carried, to drop only if the cache still holds it: another
 * request may have renewed it meanwhile, and dropping that new one would make it fail or renew again.
 */
export function refusedTokenOf(refused: PreparedRequest): string | undefined {
  return /^Bearer (.+)$/.exec(refused.headers.authorization ?? '')?.[1];
}

const pendingTokens = new Map<string, { promise: Promise<string>; signal: AbortSignal | undefined }>();

/**
 * Obtains a token once for everyone who needs it at the same moment: two runs or a run and the
 * Test button that share a configuration would otherwise each start a grant — two browser
 * windows for the authorization code, or a refresh token used twice, which servers that rotate
 * refresh tokens answer by revoking it. The key holds the token cache and the settings, so a
 * different grant never waits for this one. When the grant fails only because the request that
 * started it was cancelled, a waiting request starts its own.
 */
export async function sharedToken(
  context: AuthorizationContext,
  obtain: () => Promise<string>,
): Promise<string> {
  const storeKey = context.tokens.key;
  if (storeKey === undefined) return obtain();
  const key = `${storeKey}\u0000${JSON.stringify(context.settings)}`;
  for (;;) {
    const pending = pendingTokens.get(key);
    if (pending === undefined) break;
    try {
      return await pending.promise;
    } catch (error) {
      const isOthersCancellation = pending.signal?.aborted === true && context.signal?.aborted !== true;
      if (!isOthersCancellation) throw error;
    }
  }
  const promise = obtain();
  const entry = { promise, signal: context.signal };
  pendingTokens.set(key, entry);
  try {
    return await promise;
  } finally {
    if (pendingTokens.get(key) === entry) pendingTokens.delete(key);
  }
}

export interface TokenRequest {
  url: string;
  /** Grant parameters; empty values are left out. */
  fields: Record<string, string>;
  headers?: Record<string, string>;
  format?: 'form' | 'json';
  /** Lifetime for tokens whose answer has no expires_in; null/undefined = until refused. */
  defaultExpirySeconds?: number | null;
  /** Values never to repeat in an error message, even if the endpoint echoes them. */
  secrets: readonly string[];
}

const maxDescriptionLength = 300;

function answerFields(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** Masked first, then clipped: a secret across the clip leaves no part of itself. */
function scrubbed(text: string, secrets: readonly string[]): string {
  const masked = secrets
    .filter((secret) => secret.length >= 4)
    .reduce((result, secret) => result.split(secret).join('••••'), text);
  return masked.length > maxDescriptionLength ? `${masked.slice(0, maxDescriptionLength)}…` : masked;
}

function refusal(url: string, status: number, fields: Record<string, unknown>, secrets: readonly string[]) {
  const reason = typeof fields.error === 'string' ? fields.error : 'no error code given';
  const description =
    typeof fields.error_description === 'string' && fields.error_description !== ''
      ? ` — ${fields.error_description}`
      : '';
  const host = URL.canParse(url) ? new URL(url).host : 'token endpoint';
  return new AppError(
    'unauthorized',
    scrubbed(
      `The token endpoint at ${host} refused the request (HTTP ${String(status)}): ${reason}${description}.`,
      secrets,
    ),
  );
}

/** A success without a token: an error given with 200 (GitHub's way), or a page that is no token endpoint. */
function missingToken(
  request: TokenRequest,
  answer: { status: number; headers: Record<string, string> },
  fields: Record<string, unknown>,
  isJson: boolean,
) {
  if (typeof fields.error === 'string') return refusal(request.url, answer.status, fields, request.secrets);
  if (isJson) return new AppError('unauthorized', 'The token endpoint answered without an access_token.');
  const host = URL.canParse(request.url) ? new URL(request.url).host : 'token endpoint';
  const type = answer.headers['content-type']?.split(';')[0]?.trim().slice(0, 100) || 'a body';
  return new AppError(
    'unauthorized',
    `The token endpoint at ${host} answered HTTP ${String(answer.status)} with ${type}, not JSON: check the token URL.`,
    'tokenUrl',
  );
}

function lifetimeSeconds(value: unknown, fallback: number | null | undefined): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds;
  return fallback ?? undefined;
}

/**
 * When a token of that lifetime expires; undefined (kept until refused) past what a date can
 * hold, as the cache's JSON would keep such an expiry as null, which never counts as fresh.
 */
function expiryOf(now: number, seconds: number | undefined): number | undefined {
  const expiresAt = seconds === undefined ? undefined : now + seconds * 1000;
  return Number.isNaN(new Date(expiresAt ?? 0).getTime()) ? undefined : expiresAt;
}

/** Posts the grant and returns the token; a refusal is an 'unauthorized' AppError with the endpoint's reason. */
export async function requestToken(
  context: AuthorizationContext,
  request: TokenRequest,
): Promise<CachedToken> {
  const isJson = request.format === 'json';
  const fields = Object.fromEntries(Object.entries(request.fields).filter(([, value]) => value !== ''));
  const answer = await context.tokenEndpoint({
    url: request.url,
    headers: {
      accept: 'application/json',
      'content-type': isJson ? 'application/json' : 'application/x-www-form-urlencoded',
      ...request.headers,
    },
    body: isJson ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  });
  const data = answerFields(answer.body);
  if (answer.status < 200 || answer.status >= 300)
    throw refusal(request.url, answer.status, data, request.secrets);
  if (typeof data.access_token !== 'string' || data.access_token === '')
    throw missingToken(request, answer, data, typeof answer.body === 'object' && answer.body !== null);
  const expiresAt = expiryOf(context.now(), lifetimeSeconds(data.expires_in, request.defaultExpirySeconds));
  return {
    accessToken: data.access_token,
    ...(typeof data.refresh_token === 'string' && data.refresh_token !== ''
      ? { refreshToken: data.refresh_token }
      : {}),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}
