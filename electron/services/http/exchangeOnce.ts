/**
 * One request on the wire and its whole answer, through an undici dispatcher: the handler that
 * collects the answer (decoded within the byte limit by responseBodyReader.ts), and the deadline
 * and cancellation that stop it, from connection to last byte (watched by exchangeWatch.ts).
 */
import type { Dispatcher } from 'undici';
import type { PreparedRequest } from './authorizer';
import type { Route } from './dispatcherPool';
import { createExchangeWatch, type Watched } from './exchangeWatch';
import { describeTarget, NetworkError, toNetworkError } from './networkError';
import {
  createResponseBodyReader,
  type BodyFailure,
  type BodyReaderCallbacks,
  type ResponseBodyReader,
} from './responseBodyReader';

/** A response as it came off the wire: lower-case header names, the body decoded. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** What one exchange needs of the request: what to send, its timeout (for messages) and its signal. */
export interface ExchangeRequest extends PreparedRequest {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** How long the exchange may still take, and how many bytes of body it may read (received and decoded). */
export interface ExchangeLimits {
  remainingMs: number;
  bodyBytes: number;
}

/**
 * Sends `request` along `route` with `headers` and resolves with the whole answer; rejects with
 * a NetworkError when it fails, runs out of time, or its signal aborts.
 */
export function exchangeOnce(
  request: ExchangeRequest,
  route: Route,
  headers: Record<string, string>,
  limits: ExchangeLimits,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted === true) {
      reject(cancelled(request, false));
      return;
    }
    route.dispatcher.dispatch(
      { origin: route.origin, path: route.path, method: request.method, headers, body: request.body ?? null },
      new Exchange(request, limits, resolve, reject),
    );
  });
}

/** Every exchange's deadline and cancellation, watched together (exchangeWatch.ts). */
const watch = createExchangeWatch();

const cancelled = (request: ExchangeRequest, wasSent: boolean) =>
  new NetworkError('ABORTED', `${describeTarget(request)} was cancelled.`, wasSent);

/** The status a proxy refused a CONNECT tunnel with, as undici reports it. */
const tunnelRefusal = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

/** undici's handler for one request; a class, so a request costs one object, not a dozen closures. */
class Exchange implements Dispatcher.DispatchHandler, BodyReaderCallbacks, Watched {
  private controller: Dispatcher.DispatchController | undefined;
  private reader: ResponseBodyReader | undefined;
  private isSettled = false;
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  private status = 0;
  private statusText = '';
  private headers: Record<string, string> = {};

  constructor(
    private readonly request: ExchangeRequest,
    private readonly limits: ExchangeLimits,
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (error: NetworkError) => void,
  ) {
    this.deadline = performance.now() + limits.remainingMs;
    this.signal = request.signal;
    watch.watch(this);
  }

  timedOut(): void {
    this.fail(
      new NetworkError(
        'TIMEOUT',
        `${describeTarget(this.request)} did not answer within ${String(this.request.timeoutMs)} ms.`,
        true,
      ),
    );
  }

  aborted(): void {
    this.fail(cancelled(this.request, true));
  }

  /** Called by undici once the request has a connection (proxy tunnel and TLS done), as it writes it. */
  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Settled while it waited for a connection: it goes no further.
    if (this.isSettled) controller.abort(cancelled(this.request, false));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    statusText?: string,
  ): void {
    this.status = status;
    this.statusText = statusText ?? '';
    this.headers = flattenHeaders(headers);
    const hasBody = this.request.method !== 'HEAD' && status !== 204 && status !== 304;
    const encoding = hasBody ? this.headers['content-encoding'] : undefined;
    this.reader = createResponseBodyReader(encoding, this.limits.bodyBytes, this);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.reader?.write(chunk);
  }

  onResponseEnd(): void {
    this.reader?.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // The proxy's answer to CONNECT is the response, as when it answers a forwarded request.
    const refusedWith = tunnelRefusal.exec(error.message)?.[1];
    if (refusedWith === undefined || !this.settle()) this.fail(toNetworkError(error, this.request));
    else this.resolve({ status: Number(refusedWith), statusText: '', headers: {}, body: Buffer.alloc(0) });
  }

  onBody(body: Buffer, isDecoded: boolean): void {
    if (!this.settle()) return;
    // The body is handed on decoded, so the header no longer describes it.
    if (isDecoded) delete this.headers['content-encoding'];
    const answer = { status: this.status, statusText: this.statusText, headers: this.headers, body };
    // undici hands a keep-alive connection on one event-loop turn after the answer (a guard
    // against servers that close it despite keep-alive), from a setImmediate queued as the
    // answer ends: resolving after it lets the caller's next request reuse the connection.
    queueMicrotask(() => setImmediate(this.resolve, answer));
  }

  onFailure(failure: BodyFailure): void {
    const where = describeTarget(this.request);
    this.fail(
      failure.kind === 'tooLarge'
        ? new NetworkError(
            'TOO_LARGE',
            `${where} answered with more than ${sizeText(this.limits.bodyBytes)}.`,
            true,
          )
        : new NetworkError(
            'EDECODE',
            `${where} sent a body that could not be decompressed (${failure.error.message}).`,
            true,
          ),
    );
  }

  /** Stops the deadline and the cancellation; false when the exchange had already ended. */
  private settle(): boolean {
    if (this.isSettled) return false;
    this.isSettled = true;
    watch.unwatch(this);
    return true;
  }

  private fail(error: NetworkError): void {
    if (!this.settle()) return;
    this.reader?.destroy();
    const known = this.asSeen(error);
    this.controller?.abort(known);
    this.reject(known);
  }

  /**
   * The failure with what this exchange knows of its request: one whose answer had begun (a
   * status came) arrived; otherwise the error's code says whether it may have been sent. Not
   * whether undici had called onRequestStart: a POST the API had read and held, its client then
   * destroyed, failed without it, so it counted as not sent and was sent again (a second POST).
   */
  private asSeen(error: NetworkError): NetworkError {
    const wasSent = error.wasSent;
    const hasAnswered = this.status !== 0;
    if (wasSent === error.wasSent && hasAnswered === error.hasAnswered) return error;
    return new NetworkError(error.code, error.message, wasSent, hasAnswered);
  }
}

/** "50 MB", or the bytes when the size is no whole number of MB. */
function sizeText(bytes: number): string {
  const megabytes = bytes / 1024 / 1024;
  return Number.isInteger(megabytes) ? `${String(megabytes)} MB` : `${String(bytes)} bytes`;
}

/** Repeated headers joined with ", ", set-cookie with "\n". */
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
