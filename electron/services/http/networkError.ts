/**
 * The transport's one error type and how a client library's failure becomes one: a stable code,
 * a message a person can act on (naming the request, never the proxy address or its password),
 * and whether the server may have seen the request, which decides if sending again is safe.
 */
import type { PreparedRequest } from './authorizer';

/**
 * A failure before a complete response arrived. `wasSent`: the server may have seen it;
 * `hasAnswered`: an answer had begun to come (its status), so the request certainly arrived.
 */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly wasSent: boolean,
    readonly hasAnswered = false,
  ) {
    super(message);
    this.name = 'NetworkError';
  }

  /** Written to the connection and cut off before any answer (a timeout, a reset): it may have arrived. */
  get isCutOff(): boolean {
    return this.wasSent && !this.hasAnswered;
  }
}

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
  'UND_ERR_CONNECT_TIMEOUT',
  // The server's certificate refused during the TLS handshake: no byte of the request left.
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Headers the connection itself manages: the client library refuses them from a request. */
const connectionHeaders = new Set(['transfer-encoding', 'keep-alive', 'upgrade', 'expect', 'connection']);
const headerNamePattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII, space, tab and the Latin-1 range: what HTTP/1.1 can carry in a header value.
const headerValuePattern = /^[\t\x20-\x7e\x80-\xff]*$/;

/** "GET https://api.example.com": what a message says was being sent. */
export function describeTarget(request: Pick<PreparedRequest, 'method' | 'url'>): string {
  return `${request.method} ${request.url.origin}`;
}

/** A request refused before it was sent: names the header at fault when there is one. */
export function invalidRequestError(
  request: Pick<PreparedRequest, 'method' | 'url' | 'headers'>,
  error: Error,
): NetworkError {
  const unsent = `${describeTarget(request)} was not sent`;
  if (/proxy-authorization/i.test(error.message))
    return new NetworkError(
      'INVALID_REQUEST',
      `${unsent}: a Proxy-Authorization header cannot be set on a method; put the proxy's user in its address and its password in the proxy password (Connection → Behaviour).`,
      false,
    );
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (!headerNamePattern.test(name))
      return new NetworkError(
        'INVALID_REQUEST',
        `${unsent}: the header name "${name}" has a character HTTP does not allow.`,
        false,
      );
    if (!headerValuePattern.test(value))
      return new NetworkError(
        'INVALID_REQUEST',
        `${unsent}: the value of the header "${lower}" has a character HTTP does not allow.`,
        false,
      );
    if (connectionHeaders.has(lower) && error.message.includes(lower))
      return new NetworkError(
        'INVALID_REQUEST',
        `${unsent}: the header "${lower}" is managed by the connection and cannot be set on a method; remove it.`,
        false,
      );
  }
  return new NetworkError('INVALID_REQUEST', `${unsent}: ${error.message}.`, false);
}

/** A failure reported by the socket, the TLS layer, the proxy or the client library. */
export function toNetworkError(
  error: Error & { code?: string; syscall?: string },
  request: Pick<PreparedRequest, 'method' | 'url' | 'headers'>,
): NetworkError {
  if (error instanceof NetworkError) return error;
  const code = error.code ?? 'ENETWORK';
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED')
    return invalidRequestError(request, error);
  const cause = (error as { cause?: Error & { code?: string } }).cause;
  if (code === 'UND_ERR_PRX_TLS' && cause !== undefined) return toNetworkError(cause, request);
  return new NetworkError(
    code,
    `${describeTarget(request)} failed: ${describeCode(code, error.message)}`,
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
    case 'UND_ERR_SOCKET':
      return 'the server closed the connection';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'the connection could not be made in time';
    case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
      return 'the Content-Length header does not match the body (remove the header: it is set for you)';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'the server certificate is not trusted (add its CA certificate)';
    default:
      return fallback;
  }
}
