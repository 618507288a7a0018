import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, testToken, type TestServer } from '../../test/integration/support/headlessHarness';

let server: TestServer | undefined;
let logged: string[] = [];

afterEach(() => {
  server?.dispose();
  server = undefined;
  logged = [];
});

/** A server whose requests must arrive fast: headers within 200 ms, the whole within 400 ms. */
async function impatientServer(): Promise<TestServer> {
  logged = [];
  server = await startTestServer({
    timeouts: { headersMs: 200, requestMs: 400 },
    log: (line) => logged.push(line),
  });
  return server;
}

/**
 * Writes `first`, then drips `drip` a byte every 50 ms; everything the server wrote until it
 * closed the connection, or null if it kept it open for 5 s.
 */
function exchange(port: number, first: string, drip = ''): Promise<string | null> {
  return new Promise((resolve) => {
    let answer = '';
    let dripped = 0;
    const socket = net.connect(port, '127.0.0.1', () => {
      if (first !== '') socket.write(first);
    });
    const dripping = setInterval(() => {
      if (dripped < drip.length) socket.write(drip.charAt(dripped++));
    }, 50);
    const givingUp = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, 5_000);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(dripping);
      clearTimeout(givingUp);
      resolve(answer);
    });
  });
}

const errorCodeOf = (answer: string | null) =>
  (JSON.parse(answer?.split('\r\n\r\n')[1] ?? 'null') as { error?: { code: string } } | null)?.error?.code;

describe('headless server: requests Node refuses before they reach it', () => {
  it('answers a request with two Content-Lengths with a JSON 400, logged', async () => {
    const { port } = await impatientServer();
    const answer = await exchange(
      port,
      `POST /api/integrations.list HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\n` +
        `Authorization: Bearer ${testToken}\r\nContent-Type: application/json\r\n` +
        'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorCodeOf(answer)).toBe('bad_request');
    expect(logged.join('\n')).toMatch(/refused 400 bad_request/);
  });

  it('answers headers over Node’s limit with a JSON 431', async () => {
    const { port } = await impatientServer();
    const answer = await exchange(
      port,
      `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(errorCodeOf(answer)).toBe('headers_too_large');
  });

  it('closes a connection that sends nothing with a JSON 408 once the headers’ time is up', async () => {
    const { port } = await impatientServer();
    const answer = await exchange(port, '');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorCodeOf(answer)).toBe('request_timeout');
  });

  it('times out headers that trickle in (slow loris) with a JSON 408, logged', async () => {
    const { port } = await impatientServer();
    // Dripped a byte every 50 ms, these headers would take 30 s.
    const answer = await exchange(port, '', `GET /api HTTP/1.1\r\nX-Slow: ${'a'.repeat(600)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorCodeOf(answer)).toBe('request_timeout');
    expect(logged.join('\n')).toMatch(/refused 408 request_timeout/);
  });

  it('times out a body that trickles in with a JSON 408, and the call is not made', async () => {
    const { port, api } = await impatientServer();
    const body = JSON.stringify({ details: { name: `Slow${' '.repeat(900)}`, category: 'PSA' } });
    const answer = await exchange(
      port,
      `POST /api/integrations.create HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\n` +
        `Authorization: Bearer ${testToken}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${String(body.length)}\r\n\r\n`,
      body,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorCodeOf(answer)).toBe('request_timeout');
    expect((await api.call('integrations.list', {})).total).toBe(0);
  });
});

describe('headless server: a refused request’s connection', () => {
  it.each([
    ['without the token', ''],
    ['from another origin', `Authorization: Bearer ${testToken}\r\nOrigin: http://evil.example\r\n`],
  ])('is closed once a call %s is answered, though its body still trickles in', async (_, extra) => {
    server = await startTestServer();
    const { port } = server;
    // The body would take 50 s at a byte every 50 ms.
    const answer = await exchange(
      port,
      `POST /api/integrations.list HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\n${extra}` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      ' '.repeat(999),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 40[13] /);
  });
});

describe('headless server: connections', () => {
  it('holds at most its cap of connections open at once, answering the ones over it 503 with the reason, logged', async () => {
    logged = [];
    server = await startTestServer({ maxConnections: 2, log: (line) => logged.push(line) });
    const { port } = server;
    const open: net.Socket[] = [];
    /** A connection's answer to one request, '' if it was closed unanswered; the connection kept. */
    const askOnNewConnection = () =>
      new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write(
            `GET /assets/app.js HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\n` +
              `Authorization: Bearer ${testToken}\r\n\r\n`,
          ),
        );
        open.push(socket);
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
        socket.on('close', () => resolve(''));
        socket.on('error', () => undefined);
      });
    try {
      // Kept alive after their answers, two connections fill the cap.
      expect(await askOnNewConnection()).toMatch(/^HTTP\/1\.1 200 /);
      expect(await askOnNewConnection()).toMatch(/^HTTP\/1\.1 200 /);
      const overCap = await askOnNewConnection();
      expect(overCap).toMatch(/^HTTP\/1\.1 503 /);
      expect(JSON.parse(overCap.split('\r\n\r\n')[1] ?? '')).toEqual({
        error: {
          code: 'busy',
          message:
            'The server holds 2 connections open already, the most it holds at once; try again in a moment.',
        },
      });
      expect(logged.join('\n')).toMatch(/server refused 1 connection\(s\): 2 are open already/);
    } finally {
      for (const socket of open) socket.destroy();
    }
  });
});
