/** Real servers on 127.0.0.1 for HTTP tests: a scriptable target and a forwarding proxy. */
import http from 'node:http';
import https from 'node:https';
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

export interface ForwardProxyOptions {
  /** Asked of every request (Basic, any user name): answered 407 without it. */
  password?: string;
  /** Serves the proxy itself over TLS with this key and certificate (an https:// proxy). */
  tls?: { key: string; cert: string };
}

export interface ForwardProxy extends LocalServer {
  /** "GET <absolute URL>" or "CONNECT host:port", in order. */
  relayed: string[];
  /** The Proxy-Authorization header of each request that had one. */
  authorizations: string[];
}

/** Whether a Proxy-Authorization header carries `password` (Basic, any user name). */
function hasProxyPassword(header: string | undefined, password: string): boolean {
  const [scheme = '', encoded = ''] = (header ?? '').split(' ');
  if (scheme.toLowerCase() !== 'basic') return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1) === password;
}

/** A forward proxy: plain requests by absolute URL, and CONNECT tunnels. Counts what it relays. */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const relayed: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<net.Socket>();
  const isRefused = (request: http.IncomingMessage) => {
    const header = request.headers['proxy-authorization'];
    if (header !== undefined) authorizations.push(header);
    return options.password !== undefined && !hasProxyPassword(header, options.password);
  };
  const relay: http.RequestListener = (request, response) => {
    relayed.push(`${request.method ?? ''} ${request.url ?? ''}`);
    if (isRefused(request)) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="proxy"' }).end();
      return;
    }
    const target = new URL(request.url ?? '');
    // Meant for the proxy alone, as a real proxy takes it: the server never sees it.
    const { 'proxy-authorization': _forProxy, ...headers } = request.headers;
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: request.method,
        headers,
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
  };
  const server =
    options.tls === undefined ? http.createServer(relay) : https.createServer(options.tls, relay);
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    relayed.push(`CONNECT ${request.url ?? ''}`);
    if (isRefused(request)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n',
      );
      return;
    }
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
    url: options.tls === undefined ? local.url : local.url.replace('http:', 'https:'),
    relayed,
    authorizations,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await local.close();
    },
  };
}
