/**
 * The one interface every authorization type implements (one module per type in ./authorizers).
 * An authorizer turns a prepared request into an authorized one; token-based types also fetch,
 * cache (encrypted, through TokenStore) and refresh tokens. All it reads comes in its context —
 * settings, credentials, token cache, token endpoint, clock, browser — so it is a function from
 * request to request, tested as one without a server (authorizers/*Requests.test.ts).
 */
import type { AuthSettings } from '../../../shared/auth/authTypeRegistry';

/** A request after templates are resolved, before authorization. */
export interface PreparedRequest {
  method: string;
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** Client certificate material for mutual TLS, set by the mtls authorizer. */
  tls?: { cert?: string; key?: string; pfx?: Buffer; passphrase?: string; ca?: string };
}

/**
 * Asked by the transport before it follows a redirect, with the request for the next hop as the
 * redirect makes it and the URL it comes from: returns the request as it may be sent there, or
 * undefined to follow no further (the redirect answer is then the response). The HTTP core
 * builds one per authorized request, because it knows what the authorizer added.
 */
export type RedirectPolicy = <T extends PreparedRequest>(next: T, from: URL) => T | undefined;

/** Reads a configuration's credential values (secrets decrypted on demand, never cached). */
export interface CredentialReader {
  get(name: string): string | undefined;
  /** Like get, but throws a readable AppError naming the missing field. */
  require(name: string): string;
}

export interface CachedToken {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds; undefined = no known expiry. */
  expiresAt?: number;
}

/** The cached token of one set of authorization settings in one configuration. */
export interface TokenStore {
  /**
   * Names the cache (the configuration's id and the settings' slot): requests that share it
   * while a token is being obtained wait for that one instead of starting their own grant.
   */
  key?: string;
  read(): CachedToken | undefined;
  write(token: CachedToken): void;
  clear(): void;
}

/**
 * Encrypted token cache of one configuration: one token per set of authorization settings, so a
 * method that overrides the integration's authorization keeps its own. Clear tokens empties it all.
 */
export interface TokenCache {
  /** The token of the settings named by `slot` (tokenSlotOf). */
  slot(slot: string): TokenStore;
}

/** Sends a request to a token endpoint (through the same proxy/TLS settings, no retry loop). */
export type TokenEndpointClient = (request: {
  url: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<{ status: number; headers: Record<string, string>; body: unknown }>;

export interface AuthorizationContext {
  settings: AuthSettings;
  credentials: CredentialReader;
  tokens: TokenStore;
  tokenEndpoint: TokenEndpointClient;
  now: () => number;
  /** For the interactive authorization-code flows: opens the user's browser. */
  openBrowser: (url: string) => Promise<void>;
  signal?: AbortSignal;
}

export interface Authorizer {
  readonly type: AuthSettings['type'];
  /**
   * Adds the authorization to the request (headers, query, signature, TLS material). Returns a
   * new request, leaving the given one as it was: the core compares the two to learn what was
   * added, which never follows a redirect to another origin.
   */
  authorize(request: PreparedRequest, context: AuthorizationContext): Promise<PreparedRequest>;
  /**
   * Called once after a 401, with the request as it was refused: drop the cached token it
   * carried, unless another request already replaced it. Returns true when a retry with fresh
   * credentials makes sense.
   */
  onUnauthorized?(context: AuthorizationContext, refused: PreparedRequest): Promise<boolean>;
  /** Values that must be masked wherever the request is shown or logged. */
  secretsOf(context: AuthorizationContext): string[];
}
