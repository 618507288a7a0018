/**
 * Test support: an AuthorizationContext over plain values — credentials from a map (require
 * throws like the real configuration access), an in-memory token store, a token endpoint client
 * posting with node's fetch (or one the test gives), an injectable clock and browser.
 */
import { AppError } from '../../../../../shared/api/appError';
import type { AuthSettings } from '../../../../../shared/auth/authTypeRegistry';
import { authSettingsSchema } from '../../../../../shared/auth/authTypeRegistry';
import type { AuthorizationContext, CachedToken, TokenEndpointClient } from '../../authorizer';

export interface TestContext extends AuthorizationContext {
  /** Moves the injected clock. */
  advance(ms: number): void;
  /** Token endpoint calls made through this context. */
  tokenCalls: { url: string; headers: Record<string, string>; body: string }[];
}

/** Posts to the token URL with fetch (bounded), parsing a JSON answer as the real client does. */
export const fetchTokenEndpoint: TokenEndpointClient = async (request) => {
  const answer = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await answer.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: answer.status, headers: Object.fromEntries(answer.headers), body };
};

/** A context for the settings (parsed with the real schema, so defaults apply) and credentials. */
export function testContext(
  settings: Record<string, unknown> & { type: AuthSettings['type'] },
  credentials: Record<string, string>,
  options: {
    now?: number;
    openBrowser?: (url: string) => Promise<void>;
    signal?: AbortSignal;
    token?: CachedToken;
    /** Names the token cache, as a configuration's does; contexts with one key share a grant. */
    tokenKey?: string;
    /** Answers token requests instead of posting them (tests without a server). */
    tokenEndpoint?: TokenEndpointClient;
  } = {},
): TestContext {
  let clock = options.now ?? Date.parse('2026-11-23T10:00:00Z');
  let token = options.token;
  const tokenCalls: TestContext['tokenCalls'] = [];
  return {
    settings: authSettingsSchema.parse(settings),
    credentials: {
      get: (name) => credentials[name],
      require: (name) => {
        const value = credentials[name];
        if (value === undefined || value === '') {
          throw new AppError('invalid_input', `The configuration "test" has no value for "${name}".`, name);
        }
        return value;
      },
    },
    tokens: {
      ...(options.tokenKey === undefined ? {} : { key: options.tokenKey }),
      read: () => token,
      write: (next) => {
        token = next;
      },
      clear: () => {
        token = undefined;
      },
    },
    tokenEndpoint: (request) => {
      tokenCalls.push(request);
      return (options.tokenEndpoint ?? fetchTokenEndpoint)(request);
    },
    now: () => clock,
    openBrowser: options.openBrowser ?? (() => Promise.reject(new Error('No browser in this test'))),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    advance: (ms) => {
      clock += ms;
    },
    tokenCalls,
  };
}
