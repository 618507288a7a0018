/**
 * Sends one prepared request over the wire with undici, on keep-alive dispatchers pooled per
 * proxy/TLS setting (dispatcherPool.ts), and reads the answer whole, decompressed within a byte
 * limit (responseBodyReader.ts). Follows redirects itself, asking the caller's redirect policy
 * before each hop, under one deadline for the whole chain. Knows nothing of retries or
 * authorization.
 */
import type { Dispatcher } from 'undici';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { PreparedRequest, RedirectPolicy } from './authorizer';
import { createDispatcherPool, type DispatcherPool, type ProxySettings, type Route } from './dispatcherPool';
import { describeTarget, NetworkError, toNetworkError } from './networkError';
import { maxRedirects, redirectOf } from './redirectOf';
import { createResponseBodyReader, type BodyFailure, type ResponseBodyReader } from './responseBodyReader';

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
      let current = request;
      for (let redirects = 0; ; redirects += 1) {
        // The timeout covers the whole exchange, redirects included, not each hop anew.
        const response = await exchangeOnce(
          current,
          routeOrRefusal(pool, current),
          Math.max(1, request.timeoutMs - (performance.now() - started)),
        );
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
        return { ...response, durationMs: performance.now() - started };
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

/** The status a proxy refused a CONNECT tunnel with, as undici reports it. */
const tunnelRefusal = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

type Answer = Omit<TransportResponse, 'durationMs'>;

/** One request and its whole answer; the deadline covers the exchange from connection to last byte. */
function exchangeOnce(
  request: TransportRequest,
  route: Route,
  remainingMs: number,
): Promise<Answer> {
  const limit = Math.min(request.maxResponseBytes ?? maxResponseBytes, maxResponseBytes);
  return new Promise((resolve, reject) => {
    const where = describeTarget(request);
    if (request.signal?.aborted === true) {
      reject(new NetworkError('ABORTED', `${where} was cancelled.`, true));
      return;
    }
    let controller: Dispatcher.DispatchController | undefined;
    let reader: ResponseBodyReader | undefined;
    let isSettled = false;
    const settle = () => {
      isSettled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: NetworkError) => {
      if (isSettled) return;
      settle();
      reader?.destroy();
      controller?.abort(error);
      reject(error);
    };
    const onAbort = () => fail(new NetworkError('ABORTED', `${where} was cancelled.`, true));
    const timer = setTimeout(
      () =>
        fail(
          new NetworkError(
            'TIMEOUT',
            `${where} did not answer within ${String(request.timeoutMs)} ms.`,
            true,
          ),
        ),
      remainingMs,
    );
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const onBodyFailure = (failure: BodyFailure) =>
      fail(
        failure.kind === 'tooLarge'
          ? new NetworkError('TOO_LARGE', `${where} answered with more than ${sizeText(limit)}.`, true)
          : new NetworkError(
              'EDECODE',
              `${where} sent a body that could not be decompressed (${failure.error.message}).`,
              true,
            ),
      );
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: (started) => {
        controller = started;
        // Settled while it waited for a connection: it goes no further.
        if (isSettled) started.abort(new NetworkError('ABORTED', `${where} was cancelled.`, true));
      },
      onResponseStart: (_controller, status, rawHeaders, statusText) => {
        const headers = flattenHeaders(rawHeaders);
        const hasBody = request.method !== 'HEAD' && status !== 204 && status !== 304;
        reader = createResponseBodyReader(hasBody ? headers['content-encoding'] : undefined, limit, {
          onBody: (body, isDecoded) => {
            if (isSettled) return;
            settle();
            // The body is handed on decoded, so the header no longer describes it.
            if (isDecoded) delete headers['content-encoding'];
            resolveAfterReuse(resolve, { status, statusText: statusText ?? '', headers, body });
          },
          onFailure: onBodyFailure,
        });
      },
      onResponseData: (_controller, chunk) => reader?.write(chunk),
      onResponseEnd: () => reader?.end(),
      onResponseError: (_controller, error) => {
        // The proxy's answer to CONNECT is the response, as when it answers a forwarded request.
        const refusedWith = tunnelRefusal.exec(error.message)?.[1];
        if (refusedWith === undefined || isSettled) fail(toNetworkError(error, request));
        else {
          settle();
          resolve({ status: Number(refusedWith), statusText: '', headers: {}, body: Buffer.alloc(0) });
        }
      },
    };
    route.dispatcher.dispatch(
      {
        origin: route.origin,
        path: route.path,
        method: request.method,
        headers: headersToSend(request.headers, route),
        body: request.body ?? null,
      },
      handler,
    );
  });
}

/**
 * Resolves once the connection is free again: undici hands a keep-alive connection to the next
 * request one event-loop turn after the answer (a guard against servers that close it despite
 * keep-alive), with a setImmediate queued as the answer ends. Resolving after that turn lets the
 * caller's next request reuse the connection instead of opening a second one.
 */
function resolveAfterReuse(resolve: (answer: Answer) => void, answer: Answer): void {
  queueMicrotask(() => setImmediate(resolve, answer));
}

/** "50 MB", or the bytes when the size is no whole number of MB. */
function sizeText(bytes: number): string {
  const megabytes = bytes / 1024 / 1024;
  return Number.isInteger(megabytes) ? `${String(megabytes)} MB` : `${String(bytes)} bytes`;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    flat[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : value;
  }
  return flat;
}
