/**
 * Sends one prepared request over the wire with undici, on keep-alive dispatchers pooled per
 * proxy/TLS setting (dispatcherPool.ts), and reads the answer whole, decompressed within a byte
 * limit (responseBodyReader.ts). Follows redirects itself, asking the caller's redirect policy
 * before each hop, under one deadline for the whole chain. Knows nothing of retries or
 * authorization.
 */
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { PreparedRequest, RedirectPolicy } from './authorizer';
import { createDispatcherPool, type DispatcherPool, type ProxySettings, type Route } from './dispatcherPool';
import { exchangeOnce } from './exchangeOnce';
import { describeTarget, NetworkError } from './networkError';
import { maxRedirects, redirectOf } from './redirectOf';

export { NetworkError, unsendableCodes } from './networkError';
export type { ProxySettings } from './dispatcherPool';

export interface TransportRequest extends PreparedRequest {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  proxy?: ProxySettings | undefined;
  /**
   * What a redirect may carry, from whoever added credentials (the HTTP core): asked before each
   * hop. Without one, every redirect is followed with only the generic stripping of redirectOf.
   */
  redirectPolicy?: RedirectPolicy | undefined;
  /**
   * At most this many bytes of body, counted as received and once decompressed: a caller with
   * a smaller use for the answer (a document to import) stops reading there. Default and
   * ceiling: maxResponseBytes.
   */
  maxResponseBytes?: number | undefined;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Record<string, string>;
  body: Buffer;
  durationMs: number;
}

/** Sends requests; `dispose` destroys its pooled connections (the backend does on close). */
export interface HttpTransport extends Disposable {
  send(request: TransportRequest): Promise<TransportResponse>;
}

export const maxResponseBytes = 50 * 1024 * 1024;

export function createHttpTransport(): HttpTransport {
  const pool = createDispatcherPool();
  return {
    send: async (request) => {
      const started = performance.now();
      const bodyBytes = Math.min(request.maxResponseBytes ?? maxResponseBytes, maxResponseBytes);
      let current = request;
      for (let redirects = 0; ; redirects += 1) {
        const route = routeOrRefusal(pool, current);
        const response = await exchangeOnce(current, route, headersToSend(current.headers, route), {
          // The timeout covers the whole exchange, redirects included, not each hop anew.
          remainingMs: Math.max(1, request.timeoutMs - (performance.now() - started)),
          bodyBytes,
        });
        const redirected =
          redirects < maxRedirects
            ? redirectOf(current, response.status, response.headers.location)
            : undefined;
        const next =
          redirected === undefined || request.redirectPolicy === undefined
            ? redirected
            : request.redirectPolicy(redirected, current.url);
        if (next !== undefined) {
          current = next;
          continue;
        }
        return {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          body: response.body,
          durationMs: performance.now() - started,
        };
      }
    },
    dispose: () => pool.destroy(),
  };
}

/** The route, or a refusal saying why there is none (a proxy address that does not parse). */
function routeOrRefusal(pool: DispatcherPool, request: TransportRequest): Route {
  const proxyUrl = request.proxy?.url ?? '';
  // Said without the address: it may carry the proxy password.
  const badProxy = () =>
    new NetworkError(
      'PROXY_INVALID',
      `${describeTarget(request)} was not sent: the outbound proxy address is not an http(s) URL (Connection → Behaviour).`,
      false,
    );
  if (proxyUrl !== '' && !/^https?:\/\/[^\s/]+/i.test(proxyUrl)) throw badProxy();
  try {
    return pool.routeFor(request);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_INVALID_URL' || proxyUrl !== '') throw badProxy();
    throw new NetworkError(
      'INVALID_REQUEST',
      `${describeTarget(request)} was not sent: ${(error as Error).message}.`,
      false,
    );
  }
}

/** Sent when the request does not say: what axios sent before, so APIs see no change. */
const defaultHeaders: readonly (readonly [string, string])[] = [
  ['accept', 'application/json, text/plain, */*'],
  ['accept-encoding', 'gzip, deflate, br'],
  ['user-agent', 'RunbookDesigner'],
];

/**
 * The request's headers, with each default it does not set itself (names compared in any case),
 * and what a forwarding proxy needs: the target's Host unless the request names one, and the
 * proxy's own credentials.
 */
function headersToSend(given: Record<string, string>, route: Route): Record<string, string> {
  const headers: Record<string, string> = {};
  let present = '\n';
  for (const name in given) {
    const lower = name.toLowerCase();
    if (route.proxyHeaders !== undefined && lower === 'proxy-authorization') continue;
    headers[name] = given[name] as string;
    present += `${lower}\n`;
  }
  for (const [name, value] of defaultHeaders) if (!present.includes(`\n${name}\n`)) headers[name] = value;
  if (route.proxyHeaders !== undefined)
    for (const name in route.proxyHeaders)
      if (!present.includes(`\n${name}\n`)) headers[name] = route.proxyHeaders[name] as string;
  return headers;
}
