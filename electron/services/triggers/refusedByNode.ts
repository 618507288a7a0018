/**
 * JSON answers to the requests Node's HTTP parser refuses before any handler sees them (not
 * HTTP, headers too large, too slow to arrive): without them the sender gets a bare status line
 * and the log says nothing. Both listening servers use it: the webhook listener and `serve`.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's answers to requests it refuses itself, as our status and code. */
const clientErrors: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    message: 'The request took too long to arrive.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: 'The request headers are too large.',
  },
};
const badRequest = { status: 400, code: 'bad_request', message: 'The request is not valid HTTP.' };

/**
 * A `clientError` listener answering with our JSON error and logging each refusal as
 * "<what> refused <status> <code>: <message>".
 */
export function answerRefusedByNode(
  what: string,
  log: (line: string) => void,
): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // Not the sender's HTTP at fault: it hung up mid-request (its own timeout, a crash).
    if (error.code === 'HPE_INVALID_EOF_STATE') {
      log(`${what} cut short: the sender closed the connection before its request ended`);
      socket.destroy();
      return;
    }
    const { status, code, message } = clientErrors[error.code ?? ''] ?? badRequest;
    log(`${what} refused ${String(status)} ${code}: ${message}`);
    const inFlight = (socket as Duplex & { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const text = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${String(status)} ${http.STATUS_CODES[status] ?? ''}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${String(Buffer.byteLength(text))}\r\n` +
        'cache-control: no-store\r\nconnection: close\r\n\r\n' +
        text,
    );
  };
}
