/**
 * Sends one prepared request over the wire on keep-alive agents: one agent pool per
 * distinct proxy/TLS setting, reused across requests. Knows nothing of retries or authorization.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { HttpProxyAgent } from 'http-proxy-agent';
import type { AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { PreparedRequest, RedirectPolicy } from './authorizer';

export interface ProxySettings {
  url: string;
  /** PEM; trusted for the proxy connection and for TLS through it (inspecting proxies). */
  caCertificate: string;
}

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

/** A failure before a complete response arrived. `wasSent`: the server may have seen it. */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly wasSent: boolean,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface HttpTransport extends Disposable {
  send(request: TransportRequest): Promise<TransportResponse>;
}

export const maxResponseBytes = 50 * 1024 * 1024;

/** Failures that sending again cannot mend: the request itself cannot be sent as it is. */
export const unsendableCodes: ReadonlySet<string> = new Set(['INVALID_REQUEST', 'PROXY_INVALID']);

/**
 * Errors raised before a byte of the request could reach the server, when raised while
 * connecting: a read or write on an open connection reports a lost route with the same codes.
 */
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

interface AgentPair {
  http: http.Agent;
  https: https.Agent;
}

export function createHttpTransport(): HttpTransport {
  const agents = new Map<string, AgentPair>();

  const agentsFor = (request: TransportRequest): AgentPair => {
    const key = agentKey(request);
    let pair = agents.get(key);
    if (pair === undefined) {
      pair = createAgents(request);
      agents.set(key, pair);
    }
    return pair;
  };

  /** The agents, or a refusal saying why there are none (a proxy address that does not parse). */
  const agentsOrRefusal = (request: TransportRequest): AgentPair => {
    const unsent = () => `${request.method} ${request.url.origin} was not sent`;
    const proxyUrl = request.proxy?.url ?? '';
    const badProxy = () =>
      new NetworkError(
        'PROXY_INVALID',
        `${unsent()}: the outbound proxy address is not an http(s) URL (Connection → Behaviour).`,
        false,
      );
    if (proxyUrl !== '' && !/^https?:\/\/[^\s/]+/i.test(proxyUrl)) throw badProxy();
    try {
      return agentsFor(request);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_INVALID_URL') throw badProxy();
      throw new NetworkError('INVALID_REQUEST', `${unsent()}: ${(error as Error).message}.`, false);
    }
  };

  return {
    send: async (request) => {
      const started = performance.now();
      let current = request;
      for (let redirects = 0; ; redirects += 1) {
        const pair = agentsOrRefusal(current);
        // The timeout covers the whole exchange, redirects included, not each hop anew.
        const response = await exchangeOnce(
          current,
          current.url.protocol === 'https:' ? pair.https : pair.http,
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
    dispose: () => {
      for (const pair of agents.values()) {
        pair.http.destroy();
        pair.https.destroy();
      }
      agents.clear();
    },
  };
}

/** Sent when the request does not say: what axios sent before, so APIs see no change. */
const defaultHeaders: Readonly<Record<string, string>> = {
  accept: 'application/json, text/plain, */*',
  'accept-encoding': 'gzip, deflate, br',
  'user-agent': 'RunbookDesigner',
};

/**
 * One request and its whole answer, straight on Node's http/https: axios cost 2.6× a bare
 * request here (config merging, header objects, a setsockopt per request), more than the
 * engine around it. The deadline covers the whole exchange, connection to last byte.
 */
function exchangeOnce(
  request: TransportRequest,
  agent: http.Agent,
  remainingMs: number,
): Promise<Omit<TransportResponse, 'durationMs'>> {
  const where = `${request.method} ${request.url.origin}`;
  const limit = Math.min(request.maxResponseBytes ?? maxResponseBytes, maxResponseBytes);
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted === true) {
      reject(new NetworkError('ABORTED', `${where} was cancelled.`, true));
      return;
    }
    const headers: Record<string, string> = { ...request.headers };
    const present = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(defaultHeaders)) if (!present.has(name)) headers[name] = value;
    if (request.body !== undefined && !present.has('content-length'))
      headers['content-length'] = String(request.body.length);

    let isSettled = false;
    let decoder: Transform | undefined;
    const onAbort = () => fail(new NetworkError('ABORTED', `${where} was cancelled.`, true));
    const settle = () => {
      isSettled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: NetworkError) => {
      if (isSettled) return;
      settle();
      // The decoder holds input of its own: a few KB of brotli inflate to gigabytes, for seconds.
      decoder?.destroy();
      outgoing.destroy();
      reject(error);
    };

    const options: http.RequestOptions = { method: request.method, headers, agent };
    let outgoing: http.ClientRequest;
    try {
      outgoing = (request.url.protocol === 'https:' ? https : http).request(
        request.url,
        options,
        (incoming) => {
          const encoding = (incoming.headers['content-encoding'] ?? '').trim().toLowerCase();
          const hasBody =
            request.method !== 'HEAD' && incoming.statusCode !== 204 && incoming.statusCode !== 304;
          decoder = hasBody ? decoderFor(encoding) : undefined;
          const source: NodeJS.ReadableStream = decoder === undefined ? incoming : incoming.pipe(decoder);
          const chunks: Buffer[] = [];
          let size = 0;
          const tooLarge = () =>
            fail(new NetworkError('TOO_LARGE', `${where} answered with more than ${sizeText(limit)}.`, true));
          source.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) return void tooLarge();
            chunks.push(chunk);
          });
          // Counted as received too: empty gzip members, endlessly, inflate to nothing.
          let received = 0;
          if (decoder !== undefined)
            incoming.on('data', (chunk: Buffer) => {
              received += chunk.length;
              if (received > limit) tooLarge();
            });
          // A connection closed mid-answer errors the response ("aborted", ECONNRESET).
          incoming.on('error', (error: NodeJS.ErrnoException) => fail(toNetworkError(error, request)));
          if (decoder !== undefined)
            decoder.on('error', (error: Error) =>
              fail(
                new NetworkError(
                  'EDECODE',
                  `${where} sent a body that could not be decompressed (${error.message}).`,
                  true,
                ),
              ),
            );
          source.on('end', () => {
            if (isSettled) return;
            settle();
            const responseHeaders = flattenHeaders(incoming.headers);
            // The body is handed on decoded, so the header no longer describes it.
            if (decoder !== undefined) delete responseHeaders['content-encoding'];
            resolve({
              status: incoming.statusCode ?? 0,
              statusText: incoming.statusMessage ?? '',
              headers: responseHeaders,
              body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
            });
          });
        },
      );
    } catch (error) {
      // Node refuses a header name or value HTTP does not allow (its message names the header).
      reject(
        new NetworkError('INVALID_REQUEST', `${where} was not sent: ${(error as Error).message}.`, false),
      );
      return;
    }
    outgoing.on('error', (error: NodeJS.ErrnoException) => fail(toNetworkError(error, request)));
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
    outgoing.end(request.body);
  });
}

/** "50 MB", or the bytes when the size is no whole number of MB. */
function sizeText(bytes: number): string {
  const megabytes = bytes / 1024 / 1024;
  return Number.isInteger(megabytes) ? `${String(megabytes)} MB` : `${String(bytes)} bytes`;
}

function decoderFor(encoding: string): Transform | undefined {
  // Flushing like browsers do: a body cut short still gives what arrived rather than an error.
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({
        flush: zlib.constants.Z_SYNC_FLUSH,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      });
    case 'deflate':
      return inflateEitherWay();
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return undefined;
  }
}

/**
 * "deflate" means zlib-wrapped (RFC 1950), yet some servers send it raw (RFC 1951); browsers and
 * axios take both, so the first byte picks the inflater.
 */
function inflateEitherWay(): Transform {
  const options = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  let inflate: zlib.Inflate | zlib.InflateRaw | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (inflate === undefined) {
        // A zlib header's low four bits name its method, deflate being 8.
        inflate =
          ((chunk[0] ?? 0) & 0x0f) === 8 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inflate.on('data', (data: Buffer) => this.push(data));
        inflate.on('error', (error) => this.destroy(error));
      }
      inflate.write(chunk, () => done());
    },
    flush(done) {
      if (inflate === undefined) {
        done();
        return;
      }
      inflate.on('end', () => done());
      inflate.end();
    },
    destroy(error, done) {
      inflate?.destroy();
      done(error);
    },
  });
}

const maxRedirects = 5;
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The request to send after a redirect, or undefined when the answer is final:
 * 303 (and 301/302 after a POST) become a GET without body, 307/308 repeat the request, and the
 * usual credential headers never follow the request to another origin. That is only a defence in
 * depth: what an authorizer added is known to the HTTP core, whose redirect policy removes it all.
 */
export function redirectOf(
  request: TransportRequest,
  status: number,
  location: string | undefined,
): TransportRequest | undefined {
  if (location === undefined || ![301, 302, 303, 307, 308].includes(status)) return undefined;
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const isGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  const isCrossOrigin = url.origin !== request.url.origin;
  const dropped = new Set([
    ...(isCrossOrigin ? credentialHeaders : []),
    ...(isGet ? ['content-type', 'content-length'] : []),
  ]);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !dropped.has(name)));
  return {
    ...request,
    url,
    headers,
    method: isGet && request.method !== 'HEAD' ? 'GET' : request.method,
    body: isGet ? undefined : request.body,
  };
}

function agentKey(request: TransportRequest): string {
  // The common case, no proxy and no client certificate, needs no hashing.
  if (request.tls === undefined && (request.proxy === undefined || request.proxy.url === '')) return 'direct';
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify([request.proxy?.url ?? '', request.proxy?.caCertificate ?? '']));
  const material = request.tls;
  if (material !== undefined) {
    hash.update(
      JSON.stringify([material.cert ?? '', material.key ?? '', material.passphrase ?? '', material.ca ?? '']),
    );
    if (material.pfx !== undefined) hash.update(material.pfx);
  }
  return hash.digest('hex');
}

/**
 * https-proxy-agent applies its constructor's TLS options to the proxy connection only; the
 * tunnelled connection to the target needs them too (client certificate, extra CAs).
 */
class TunnelingAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly targetTls: https.AgentOptions,
  ) {
    super(proxy, { keepAlive: true });
  }

  override connect(
    request: http.ClientRequest,
    options: AgentConnectOpts,
  ): ReturnType<HttpsProxyAgent<string>['connect']> {
    const { keepAlive: _keepAlive, ...tlsOnly } = this.targetTls;
    // For an IP address the tunnel sets no servername, so Node would check the certificate
    // against "localhost": check it against the address actually requested.
    const host = options.host;
    const checkServerIdentity = (_name: string, certificate: tls.PeerCertificate) =>
      tls.checkServerIdentity(host ?? '', certificate);
    return super.connect(request, { ...options, ...tlsOnly, checkServerIdentity } as AgentConnectOpts);
  }
}

function createAgents(request: TransportRequest): AgentPair {
  const material = request.tls ?? {};
  const ca = [material.ca, request.proxy?.caCertificate].filter((value): value is string => Boolean(value));
  const tlsOptions: https.AgentOptions = {
    keepAlive: true,
    ...(material.cert === undefined ? {} : { cert: material.cert }),
    ...(material.key === undefined ? {} : { key: material.key }),
    ...(material.pfx === undefined ? {} : { pfx: material.pfx }),
    ...(material.passphrase === undefined ? {} : { passphrase: material.passphrase }),
    // Extra CAs add to the system's list rather than replace it.
    ...(ca.length === 0 ? {} : { ca: [...ca, ...tls.rootCertificates] }),
  };
  const proxyUrl = request.proxy?.url;
  if (proxyUrl !== undefined && proxyUrl !== '') {
    return {
      http: new HttpProxyAgent(proxyUrl, { keepAlive: true, ...(ca.length === 0 ? {} : { ca }) }),
      https: new TunnelingAgent(proxyUrl, tlsOptions),
    };
  }
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent(tlsOptions) };
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    flat[key] = Array.isArray(value)
      ? value.map(String).join(key === 'set-cookie' ? '\n' : ', ')
      : String(value);
  }
  return flat;
}

function toNetworkError(error: NodeJS.ErrnoException, request: TransportRequest): NetworkError {
  const code = error.code ?? 'ENETWORK';
  const where = `${request.method} ${request.url.origin}`;
  return new NetworkError(
    code,
    `${where} failed: ${describeCode(code, error.message)}`,
    !notSentCodes.has(code) || error.syscall === 'read' || error.syscall === 'write',
  );
}

function describeCode(code: string, fallback: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is the server running and the port right?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNRESET':
      return 'the server closed the connection';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'the server certificate is not trusted (add its CA certificate)';
    default:
      return fallback;
  }
}
