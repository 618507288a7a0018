/**
 * JSON answers to the requests Node's HTTP parser refuses before any handler sees them (not
 * HTTP, headers too large, too slow to arrive): without them the sender gets a bare status line
 * and the log says nothing; and the cap on the connections held open at once. Both listening
 * servers use them: the webhook listener and `serve`.
 */
import http from 'node:http';
import type net from 'node:net';
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

/** Connections over the cap answered 503 at once; beyond these many more, Node drops them unanswered. */
const answeredOverCap = 64;
/** How long a connection over the cap is given to send the request its 503 answers. */
const overCapRequestMs = 2_000;

/** Answers a request on a connection over the cap with 503, returning true; false for any other. */
export type OverCapRefusal = (request: http.IncomingMessage, response: http.ServerResponse) => boolean;

/**
 * Caps the connections a server holds open at once. Each takes a file descriptor of the process,
 * which the database, the runs' own requests and the other server need too: without a cap, a
 * sender opening connections faster than the timeouts close them (a few thousand a second) left
 * the whole app without descriptors. A connection over the cap is answered 503 with the reason
 * (closed unanswered, a sender could not tell a full server from a broken one) and closed; one
 * that sends nothing within 2 s is closed. Past 64 such, Node drops further ones before any
 * HTTP is read, to keep the descriptors bounded. The log says so, at most once a minute. The
 * server's handler calls the refusal returned first thing.
 */
export function capConnections(
  server: http.Server,
  maxConnections: number,
  what: string,
  log: (line: string) => void,
): OverCapRefusal {
  server.maxConnections = maxConnections + answeredOverCap;
  let lastLoggedAt = -Infinity;
  let refusedSinceLog = 0;
  const noteRefused = () => {
    refusedSinceLog += 1;
    const now = Date.now();
    if (now - lastLoggedAt < 60_000) return;
    log(
      `${what} refused ${String(refusedSinceLog)} connection(s): ${String(maxConnections)} are open already, the most it holds at once`,
    );
    lastLoggedAt = now;
    refusedSinceLog = 0;
  };
  server.on('drop', noteRefused);
  const overCap = new WeakSet<net.Socket>();
  let open = 0;
  server.on('connection', (socket: net.Socket) => {
    if (open >= maxConnections) {
      overCap.add(socket);
      // Node's HTTP server closes a connection whose time runs out with nobody listening.
      socket.setTimeout(overCapRequestMs);
      return;
    }
    open += 1;
    socket.once('close', () => (open -= 1));
  });
  return (request, response) => {
    if (!overCap.has(request.socket)) return false;
    noteRefused();
    const text = JSON.stringify({
      error: {
        code: 'busy',
        message: `The ${what} holds ${String(maxConnections)} connections open already, the most it holds at once; try again in a moment.`,
      },
    });
    response.writeHead(503, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'cache-control': 'no-store',
      'retry-after': '1',
      connection: 'close',
    });
    response.end(text);
    return true;
  };
}
