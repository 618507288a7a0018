/** Test support: listen on 127.0.0.1 with a free port, and close with every connection. */
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  /** http://127.0.0.1:port or https://127.0.0.1:port, without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 with a port the OS chooses. */
export async function listenOnLoopback(server: http.Server | https.Server): Promise<LocalServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = server instanceof https.Server ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${String(port)}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads a request's whole body. */
export function bodyOf(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
