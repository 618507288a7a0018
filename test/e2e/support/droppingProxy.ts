/**
 * An HTTP proxy on 127.0.0.1 (port 0) between the browser and the app that can drop every
 * connection at once, as a sleeping laptop or a restarted network would, and hold the event
 * stream's reconnection until the test lets it through — so a test can change data while the
 * window hears nothing, in that order and not by timing.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface DroppingProxy {
  /** For the browser context's `proxy.server`. */
  server: string;
  /** Cuts every connection through the proxy; event streams opened from now on wait for `resume`. */
  drop(): void;
  /** Lets the held event streams through, and every later one. */
  resume(): void;
  close(): Promise<void>;
}

const isEventStream = (request: http.IncomingMessage) =>
  new URL(request.url ?? '/', 'http://proxy').pathname === '/api/events';

/** Forwards one request (its URL is absolute, as browsers send them to a proxy) and its answer. */
function forward(request: http.IncomingMessage, response: http.ServerResponse): void {
  const target = new URL(request.url ?? '/');
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: request.method,
      headers: request.headers,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => response.destroy());
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
}

export async function startDroppingProxy(): Promise<DroppingProxy> {
  const sockets = new Set<Socket>();
  let held: (() => void)[] = [];
  let isHolding = false;
  const server = http.createServer((request, response) => {
    if (isHolding && isEventStream(request)) held.push(() => forward(request, response));
    else forward(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    drop: () => {
      isHolding = true;
      for (const socket of sockets) socket.destroy();
    },
    resume: () => {
      isHolding = false;
      const waiting = held;
      held = [];
      for (const go of waiting) go();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
