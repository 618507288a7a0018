/**
 * Test support: sends a PreparedRequest with node:http/https as the real transport would,
 * honouring `request.tls` (client certificate, PFX, CA). Bounded by a timeout; no keep-alive.
 */
import http from 'node:http';
import https from 'node:https';
import type { AuthorizationContext, PreparedRequest } from '../../authorizer';

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** Sends the request and resolves with the whole answer; rejects on network or TLS errors. */
export function sendPrepared(request: PreparedRequest, timeoutMs = 10_000): Promise<TestResponse> {
  const isHttps = request.url.protocol === 'https:';
  const options: https.RequestOptions = {
    method: request.method,
    headers: {
      ...request.headers,
      ...(request.body === undefined ? {} : { 'content-length': String(request.body.length) }),
    },
    agent: false,
    timeout: timeoutMs,
    ...(isHttps ? (request.tls ?? {}) : {}),
  };
  return new Promise((resolve, reject) => {
    const outgoing = (isHttps ? https : http).request(request.url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, json });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`No answer within ${String(timeoutMs)} ms`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** A PreparedRequest for the URL, as the HTTP core would hand it to an authorizer. */
export function preparedRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): PreparedRequest {
  return {
    method: init.method ?? 'GET',
    url: new URL(url),
    headers: { ...init.headers },
    body: init.body === undefined ? undefined : Buffer.from(init.body, 'utf8'),
  };
}

/** A request as an API refused it after a 401, carrying the token now cached. */
export function refusedWithCachedToken(context: AuthorizationContext): PreparedRequest {
  const token = context.tokens.read()?.accessToken ?? '';
  return preparedRequest('https://api.example/me', { headers: { authorization: `Bearer ${token}` } });
}
