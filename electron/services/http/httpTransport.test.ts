import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHttpTransport,
  maxResponseBytes,
  NetworkError,
  type HttpTransport,
  type TransportRequest,
} from './httpTransport';
import { listen, startForwardProxy, type LocalServer } from './testSupport/localServers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function transport(): HttpTransport {
  const created = createHttpTransport();
  cleanups.push(() => created.dispose());
  return created;
}

async function server(handler: http.RequestListener): Promise<LocalServer> {
  const local = await listen(http.createServer(handler));
  cleanups.push(() => local.close());
  return local;
}

function get(url: string, extra: Partial<TransportRequest> = {}): TransportRequest {
  return { method: 'GET', url: new URL(url), headers: {}, body: undefined, timeoutMs: 5_000, ...extra };
}

describe('httpTransport', () => {
  it('returns status, lower-case headers and the raw body', async () => {
    const target = await server((_, response) => {
      response.writeHead(201, { 'X-Trace': 'abc', 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const response = await transport().send(get(`${target.url}/things`));
    expect(response.status).toBe(201);
    expect(response.headers['x-trace']).toBe('abc');
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('sends the method, headers and body it is given', async () => {
    let seen = '';
    const target = await server((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen = `${request.method ?? ''} ${request.url ?? ''} ${request.headers['x-key'] as string} ${body}`;
        response.end();
      });
    });
    await transport().send({
      ...get(`${target.url}/a?b=1`),
      method: 'POST',
      headers: { 'x-key': 'k1', 'content-type': 'text/plain' },
      body: Buffer.from('hello'),
    });
    expect(seen).toBe('POST /a?b=1 k1 hello');
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const connections = new Set<unknown>();
    const target = await server((request, response) => {
      connections.add(request.socket);
      response.end('x');
    });
    const sender = transport();
    for (let index = 0; index < 5; index += 1) await sender.send(get(target.url));
    expect(connections.size).toBe(1);
  });

  it('reports a refused connection as not sent', async () => {
    const closed = await listen(net.createServer());
    await closed.close();
    const error = await transport()
      .send(get(closed.url))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', wasSent: false });
    expect((error as Error).message).toContain('refused');
  });

  it('reports a connection dropped mid-request as possibly sent', async () => {
    const target = await server((request) => request.socket.destroy());
    const error = await transport()
      .send(get(target.url))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ wasSent: true });
  });

  it('gives up after the timeout with a message that says so', async () => {
    const target = await server(() => undefined);
    const error = await transport()
      .send(get(target.url, { timeoutMs: 200 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toContain('200 ms');
  });

  it('stops when the signal aborts', async () => {
    const target = await server(() => undefined);
    const controller = new AbortController();
    const pending = transport().send(get(target.url, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('goes through the configured proxy for http targets', async () => {
    const target = await server((_, response) => response.end('via proxy'));
    const proxy = await startForwardProxy();
    cleanups.push(() => proxy.close());
    const response = await transport().send(
      get(`${target.url}/p`, { proxy: { url: proxy.url, caCertificate: '' } }),
    );
    expect(response.body.toString()).toBe('via proxy');
    expect(proxy.relayed).toEqual([`GET ${target.url}/p`]);
  });
});

describe('what the transport takes care of', () => {
  it('decodes gzip, deflate and brotli bodies and drops the encoding header', async () => {
    const text = JSON.stringify({ hello: 'world', items: Array.from({ length: 50 }, (_, i) => i) });
    const encoders: Record<string, (input: Buffer) => Buffer> = {
      gzip: (input) => zlib.gzipSync(input),
      deflate: (input) => zlib.deflateSync(input),
      br: (input) => zlib.brotliCompressSync(input),
    };
    const target = await server((request, response) => {
      const encoding = (request.url ?? '/').slice(1);
      const encode = encoders[encoding];
      response.writeHead(200, { 'content-encoding': encoding, 'content-type': 'application/json' });
      response.end(encode === undefined ? text : encode(Buffer.from(text)));
    });
    const sender = transport();
    for (const encoding of Object.keys(encoders)) {
      const response = await sender.send(get(`${target.url}/${encoding}`));
      expect(response.body.toString(), encoding).toBe(text);
      expect(response.headers['content-encoding'], encoding).toBeUndefined();
    }
  });

  it('decodes "deflate" bodies sent without the zlib wrapper, as axios and browsers do', async () => {
    const text = JSON.stringify({ hello: 'world', items: Array.from({ length: 50 }, (_, i) => i) });
    const target = await server((_, response) => {
      response.writeHead(200, { 'content-encoding': 'deflate' });
      response.end(zlib.deflateRawSync(Buffer.from(text)));
    });
    const response = await transport().send(get(target.url));
    expect(response.body.toString()).toBe(text);
  });

  it('reports a body that claims gzip but is not, instead of hanging', async () => {
    const target = await server((_, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.end('plainly not gzip');
    });
    const error = await transport()
      .send(get(target.url))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EDECODE', wasSent: true });
  });

  it('sends default accept, accept-encoding and user-agent headers unless the request sets them', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const target = await server((request, response) => {
      seen.push(request.headers);
      response.end();
    });
    const sender = transport();
    await sender.send(get(target.url));
    await sender.send(get(target.url, { headers: { Accept: 'text/csv', 'User-Agent': 'mine/1' } }));
    expect(seen[0]).toMatchObject({
      accept: 'application/json, text/plain, */*',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'RunbookDesigner',
    });
    expect(seen[1]).toMatchObject({ accept: 'text/csv', 'user-agent': 'mine/1' });
  });

  it('sends a body with its content-length', async () => {
    let seen: string | undefined;
    const target = await server((request, response) => {
      seen = request.headers['content-length'];
      request.resume();
      request.on('end', () => response.end());
    });
    await transport().send({ ...get(target.url), method: 'PUT', body: Buffer.from('12345') });
    expect(seen).toBe('5');
  });

  it('answers HEAD requests without waiting for a body', async () => {
    const target = await server((_, response) => {
      response.writeHead(200, { 'content-length': '1000', 'content-type': 'text/plain' });
      response.end();
    });
    const response = await transport().send({ ...get(target.url), method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
  });

  it('refuses an answer larger than the limit', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 120);
    const target = await server((_, response) => {
      let sent = 0;
      const more = () => {
        while (sent <= maxResponseBytes) {
          sent += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', more);
            return;
          }
        }
        response.end();
      };
      more();
    });
    const error = await transport()
      .send(get(target.url, { timeoutMs: 30_000 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TOO_LARGE' });
    expect((error as Error).message).toContain('50 MB');
  });

  it('reports a connection dropped halfway through the answer', async () => {
    const target = await server((_, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('only part');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await transport()
      .send(get(target.url))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ wasSent: true });
  });

  it('stops decompressing once the answer is refused or cancelled', async () => {
    const decoders: zlib.Gunzip[] = [];
    const createGunzip = zlib.createGunzip.bind(zlib);
    vi.spyOn(zlib, 'createGunzip').mockImplementation((options) => {
      const decoder = createGunzip(options);
      decoders.push(decoder);
      return decoder;
    });
    // 1 GB of zeros in 1 MB: the whole compressed body has arrived long before the limit is hit.
    const bomb = Buffer.concat(Array<Buffer>(100).fill(zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024))));
    const target = await server((request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      if (request.url === '/bomb') response.end(bomb);
      else response.write(bomb.subarray(0, 100)); // and then nothing more
    });
    const sender = transport();
    await expect(sender.send(get(`${target.url}/bomb`, { timeoutMs: 30_000 }))).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    const controller = new AbortController();
    const pending = sender.send(get(`${target.url}/stalled`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    expect(decoders.map((decoder) => decoder.destroyed)).toEqual([true, true]);
  });

  it('reports a network failure on a connection that carried the request as possibly sent', async () => {
    const sockets: net.Socket[] = [];
    const connect = net.connect.bind(net);
    vi.spyOn(net, 'connect').mockImplementation((...args: Parameters<typeof net.connect>) => {
      const socket = connect(...args);
      sockets.push(socket);
      return socket;
    });
    let received = 0;
    const target = await server(() => {
      received += 1;
      // What the kernel reports when the route goes away mid-exchange (Wi-Fi or VPN dropped).
      const error = Object.assign(new Error('read EHOSTUNREACH'), { code: 'EHOSTUNREACH', syscall: 'read' });
      for (const socket of sockets) socket.destroy(error);
    });
    const error = await transport()
      .send({ ...get(target.url), method: 'POST', body: Buffer.from('charge the card') })
      .catch((caught: unknown) => caught);
    expect(received).toBe(1);
    expect(error).toMatchObject({ code: 'EHOSTUNREACH', wasSent: true });
  });

  it('refuses a header HTTP does not allow, naming it, without sending anything', async () => {
    let requests = 0;
    const target = await server((_, response) => {
      requests += 1;
      response.end();
    });
    const error = await transport()
      .send(get(target.url, { headers: { 'x-note': 'caf\u0113' } }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', wasSent: false });
    expect((error as Error).message).toContain('x-note');
    expect(requests).toBe(0);
  });

  it('says when the outbound proxy address is not a URL, without repeating it', async () => {
    const error = await transport()
      .send(get('http://127.0.0.1:9/x', { proxy: { url: 'user:pw@not a url', caCertificate: '' } }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PROXY_INVALID', wasSent: false });
    expect((error as Error).message).not.toContain('pw');
  });

  it('does not start a request whose signal has already aborted', async () => {
    let requests = 0;
    const target = await server((_, response) => {
      requests += 1;
      response.end();
    });
    const controller = new AbortController();
    controller.abort();
    await expect(transport().send(get(target.url, { signal: controller.signal }))).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(requests).toBe(0);
  });
});

describe('redirects', () => {
  it('follows a redirect, keeping credentials on the same origin', async () => {
    let seenAuthorization: string | undefined;
    const target = await server((request, response) => {
      if (request.url === '/old') {
        response.writeHead(301, { location: '/new' }).end();
        return;
      }
      seenAuthorization = request.headers.authorization;
      response.end('moved here');
    });
    const response = await transport().send(
      get(`${target.url}/old`, { headers: { authorization: 'Bearer same' } }),
    );
    expect(response.body.toString()).toBe('moved here');
    expect(seenAuthorization).toBe('Bearer same');
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    let seenAuthorization: string | undefined = 'unset';
    const other = await server((request, response) => {
      seenAuthorization = request.headers.authorization;
      response.end('elsewhere');
    });
    const first = await server((_, response) =>
      response.writeHead(302, { location: `${other.url}/x` }).end(),
    );
    await transport().send(get(first.url, { headers: { authorization: 'Bearer secret' } }));
    expect(seenAuthorization).toBeUndefined();
  });

  it('asks the redirect policy before each hop, sends what it returns, and stops when it says so', async () => {
    const seen: string[] = [];
    const target = await server((request, response) => {
      seen.push(`${request.url ?? ''} ${String(request.headers['x-added'])}`);
      if (request.url === '/a') response.writeHead(302, { location: '/b' }).end();
      else if (request.url === '/b') response.writeHead(302, { location: '/c' }).end();
      else response.end('never here');
    });
    const asked: string[] = [];
    const response = await transport().send(
      get(`${target.url}/a`, {
        headers: { 'x-added': 'first' },
        redirectPolicy: (next, from) => {
          asked.push(`${from.pathname}→${next.url.pathname}`);
          return next.url.pathname === '/c' ? undefined : { ...next, headers: { 'x-added': 'policy' } };
        },
      }),
    );
    expect(asked).toEqual(['/a→/b', '/b→/c']);
    expect(seen).toEqual(['/a first', '/b policy']);
    expect(response.status).toBe(302);
  });

  it('turns a POST answered 303 into a GET without body, and repeats one answered 307', async () => {
    const seen: string[] = [];
    const target = await server((request, response) => {
      seen.push(`${request.method ?? ''} ${request.url ?? ''}`);
      if (request.url === '/see-other') response.writeHead(303, { location: '/result' }).end();
      else if (request.url === '/temporary') response.writeHead(307, { location: '/again' }).end();
      else response.end('ok');
    });
    const post = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from('x') };
    await transport().send({ ...get(`${target.url}/see-other`), ...post });
    await transport().send({ ...get(`${target.url}/temporary`), ...post });
    expect(seen).toEqual(['POST /see-other', 'GET /result', 'POST /temporary', 'POST /again']);
  });

  it('counts the timeout over the whole chain of redirects, not per hop', async () => {
    const target = await server((request, response) => {
      // Each hop answers after 120 ms: three of them take longer than the 300 ms allowed.
      setTimeout(() => response.writeHead(302, { location: `${request.url ?? '/'}x` }).end(), 120);
    });
    const error = await transport()
      .send(get(`${target.url}/a`, { timeoutMs: 300 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toContain('300 ms');
  });

  it('stops after five redirects and returns the last answer', async () => {
    const target = await server((request, response) =>
      response.writeHead(302, { location: request.url ?? '/' }).end(),
    );
    const response = await transport().send(get(`${target.url}/loop`));
    expect(response.status).toBe(302);
  });
});

describe('HTTPS through the outbound proxy', () => {
  it('tunnels with CONNECT and trusts the CA given with the proxy, and only then', async () => {
    const { loadTestCertificates } = await import('./authorizers/testSupport/testCertificates');
    const certificates = loadTestCertificates();
    const https = await import('node:https');
    const secure = await listen(
      https.createServer({ key: certificates.serverKey, cert: certificates.serverCert }, (_, response) =>
        response.end('secret place'),
      ),
    );
    cleanups.push(() => secure.close());
    const proxy = await startForwardProxy();
    cleanups.push(() => proxy.close());
    const target = `https://127.0.0.1:${String(secure.port)}/inside`;

    const trusted = await transport().send(
      get(target, { proxy: { url: proxy.url, caCertificate: certificates.caCert } }),
    );
    expect(trusted.body.toString()).toBe('secret place');
    expect(proxy.relayed).toContain(`CONNECT 127.0.0.1:${String(secure.port)}`);

    const untrusted = await transport()
      .send(get(target, { proxy: { url: proxy.url, caCertificate: '' } }))
      .catch((error: unknown) => error);
    expect((untrusted as Error).message).toMatch(/not trusted/);
  });
});
