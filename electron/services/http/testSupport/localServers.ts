/** Real servers on 127.0.0.1 for HTTP tests: a scriptable target and a forwarding proxy. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(server: http.Server | net.Server): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A forward proxy: plain requests by absolute URL, and CONNECT tunnels. Counts what it relays. */
export async function startForwardProxy(): Promise<LocalServer & { relayed: string[] }> {
  const relayed: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    relayed.push(`${request.method ?? ''} ${request.url ?? ''}`);
    const target = new URL(request.url ?? '');
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    relayed.push(`CONNECT ${request.url ?? ''}`);
    const [host = '127.0.0.1', port = '443'] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const local = await listen(server);
  return {
    ...local,
    relayed,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await local.close();
    },
  };
}
