/**
 * Sends one prepared request over the wire with axios on keep-alive agents: one agent pool per
 * distinct proxy/TLS setting, reused across requests. Knows nothing of retries or authorization.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { HttpProxyAgent } from 'http-proxy-agent';
import type { AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { PreparedRequest } from './authorizer';

export interface ProxySettings {
  url: string;
  /** PEM; trusted for the proxy connection and for TLS through it (inspecting proxies). */
  caCertificate: string;
}

export interface TransportRequest extends PreparedRequest {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  proxy?: ProxySettings | undefined;
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

/** Errors raised before a byte of the request could reach the server. */
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
  const client: AxiosInstance = axios.create({
    responseType: 'arraybuffer',
    transformResponse: [],
    validateStatus: () => true,
    // Redirects are followed below, not by follow-redirects: its wrapper costs more per request
    // than all of this module, and doing it here lets credentials be dropped across origins.
    maxRedirects: 0,
    maxContentLength: maxResponseBytes,
    maxBodyLength: maxResponseBytes,
    decompress: true,
    proxy: false, // proxies go through agents, never through environment variables
  });
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

  return {
    send: async (request) => {
      const started = performance.now();
      let current = request;
      for (let redirects = 0; ; redirects += 1) {
        const pair = agentsFor(current);
        let response;
        try {
          // Only the keys that carry a value: axios merges every key it is given, per request.
          const config: AxiosRequestConfig = {
            method: current.method,
            url: current.url.href,
            headers: current.headers,
            timeout: current.timeoutMs,
          };
          if (current.body !== undefined) config.data = current.body;
          if (current.signal !== undefined) config.signal = current.signal;
          if (current.url.protocol === 'https:') config.httpsAgent = pair.https;
          else config.httpAgent = pair.http;
          response = await client.request<ArrayBuffer>(config);
        } catch (error) {
          throw toNetworkError(error, current);
        }
        const headers = flattenHeaders(response.headers as Record<string, unknown>);
        const next =
          redirects < maxRedirects ? redirectOf(current, response.status, headers.location) : undefined;
        if (next !== undefined) {
          current = next;
          continue;
        }
        return {
          status: response.status,
          statusText: response.statusText,
          headers,
          body: Buffer.from(response.data),
          durationMs: performance.now() - started,
        };
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

const maxRedirects = 5;
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The request to send after a redirect, or undefined when the answer is final:
 * 303 (and 301/302 after a POST) become a GET without body, 307/308 repeat the request, and
 * credentials never follow the request to another origin.
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

function toNetworkError(error: unknown, request: TransportRequest): NetworkError {
  if (error instanceof AxiosError || axios.isAxiosError(error)) {
    const code = error.code ?? 'ENETWORK';
    const where = `${request.method} ${request.url.origin}`;
    if (axios.isCancel(error) || code === 'ERR_CANCELED') {
      return new NetworkError('ABORTED', `${where} was cancelled.`, true);
    }
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new NetworkError(
        'TIMEOUT',
        `${where} did not answer within ${String(request.timeoutMs)} ms.`,
        true,
      );
    }
    if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
      return new NetworkError(
        'TOO_LARGE',
        `${where} answered with more than ${String(maxResponseBytes / 1024 / 1024)} MB.`,
        true,
      );
    }
    const cause = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? code;
    return new NetworkError(
      cause,
      `${where} failed: ${describeCode(cause, error.message)}`,
      !notSentCodes.has(cause),
    );
  }
  return new NetworkError('ENETWORK', String(error), true);
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
