import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookTriggerSchema, type WebhookTrigger } from '../../../shared/runbook/stepTypes';
import type { RunbookInput } from '../../../shared/runbook/runbookGraph';
import type { WebhookOutcome } from './webhookDelivery';
import { createWebhookServer, type WebhookServer } from './webhookServer';

const runbookId = '0b7c3f4e-1111-4222-8333-944455556666';
const secret = "It's a Secret to Everybody";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { runId?: string; error?: { code: string; message: string } };
}

/** A curl-like request: any method, headers and raw body, nothing added but Host and Content-Length. */
function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? `/webhooks/${runbookId}`,
        headers: options.headers ?? {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text === '' ? {} : JSON.parse(text),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Sends raw bytes on one connection and returns everything the server wrote until it closed. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const sign = (body: string | Buffer, key = secret) =>
  `sha256=${crypto.createHmac('sha256', key).update(body).digest('hex')}`;

describe('webhook server', () => {
  let server: WebhookServer;
  let port: number;
  let trigger: WebhookTrigger;
  let inputs: RunbookInput[];
  let storedSecret: string | undefined;
  let started: { inputs: Record<string, unknown>; payload: unknown }[];
  let recorded: WebhookOutcome[];
  let logged: string[];
  let refusal: { status: number; code: string; message: string } | null;

  beforeEach(async () => {
    refusal = null;
    trigger = webhookTriggerSchema.parse({ isEnabled: true });
    inputs = [];
    storedSecret = secret;
    started = [];
    recorded = [];
    logged = [];
    server = createWebhookServer({
      target: (id) =>
        id === runbookId && refusal !== null
          ? { refusal }
          : id === runbookId && trigger.isEnabled
            ? {
                rules: { trigger, secret: storedSecret, inputs },
                start: (runInputs, payload) => {
                  started.push({ inputs: runInputs, payload });
                  return `run-${String(started.length)}`;
                },
              }
            : undefined,
      record: (outcome) => recorded.push(outcome),
      log: (line) => logged.push(line),
      maxBodyBytes: 64 * 1024,
    });
    port = (await server.listen('127.0.0.1', 0)).port;
  });
  afterEach(() => server.close());

  it('accepts a GitHub-style signed delivery (GitHub’s documented test vector) and starts a run', async () => {
    const body = 'Hello, World!';
    expect(sign(body)).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
    const json = JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Printer on fire' } });
    trigger = {
      ...trigger,
      inputMapping: [
        { input: 'issue', path: '$.issue.number' },
        { input: 'event', path: 'headers.x-github-event' },
      ],
    };
    inputs = [
      { name: 'issue', type: 'number', isRequired: true, defaultValue: '', description: '' },
      { name: 'event', type: 'string', isRequired: false, defaultValue: '', description: '' },
    ];
    const answer = await send(port, {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/044aadd',
        'x-github-event': 'issues',
        'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
        'x-hub-signature-256': sign(json),
      },
      body: json,
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ runId: 'run-1', status: 'queued' });
    expect(started).toEqual([{ inputs: { issue: 7, event: 'issues' }, payload: JSON.parse(json) }]);
    expect(recorded).toEqual([
      { runbookId, outcome: 'started', status: 202, message: 'Run started.', runId: 'run-1' },
    ]);
  });

  it('says the signature header came twice when a proxy repeats it, not that the secret is wrong', async () => {
    const body = '{"action":"opened"}';
    const head = [
      `POST /webhooks/${runbookId} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `X-Hub-Signature-256: ${sign(body)}`,
      `X-Hub-Signature-256: ${sign(body)}`,
      `Content-Length: ${String(Buffer.byteLength(body))}`,
      'Connection: close',
    ];
    const answer = await rawExchange(port, `${head.join('\r\n')}\r\n\r\n${body}`);
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(answer).toContain(
      'The X-Hub-Signature-256 header came more than once; a delivery must carry one signature',
    );
    expect(answer).not.toContain('check the secret');
    expect(started).toEqual([]);
  });

  it('accepts a base64 signature, a custom header and no prefix', async () => {
    trigger = { ...trigger, signatureHeader: 'X-Shopify-Hmac-Sha256', signaturePrefix: '' };
    const body = '{"id":1}';
    const signature = crypto.createHmac('sha256', secret).update(body).digest('base64');
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signature },
      body,
    });
    expect(answer.status).toBe(202);
  });

  it.each([
    ['base64 without padding', (mac: Buffer) => mac.toString('base64').replace(/=+$/, '')],
    ['base64url', (mac: Buffer) => mac.toString('base64url')],
    ['upper-case hex', (mac: Buffer) => mac.toString('hex').toUpperCase()],
  ])('accepts a signature in %s', async (_form, encode) => {
    trigger = { ...trigger, signaturePrefix: '' };
    const body = '{"id":1}';
    const answer = await send(port, {
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': encode(crypto.createHmac('sha256', secret).update(body).digest()),
      },
      body,
    });
    expect(answer.status).toBe(202);
  });

  it('accepts a JSON body that starts with a byte order mark', async () => {
    const body = '\ufeff{"id":1}';
    const answer = await send(port, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(answer.status).toBe(202);
    expect(started[0]?.payload).toEqual({ id: 1 });
  });

  it('accepts GitHub’s form-encoded deliveries (the JSON in a "payload" field)', async () => {
    const body = `payload=${encodeURIComponent('{"zen":"Keep it logically awesome."}')}`;
    const answer = await send(port, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(answer.status).toBe(202);
    expect(started[0]?.payload).toEqual({ zen: 'Keep it logically awesome.' });
  });

  it.each([
    ['a wrong signature', { 'x-hub-signature-256': sign('{}', 'another secret') }, 403, 'signature_invalid'],
    ['a signature of another body', { 'x-hub-signature-256': sign('{"a":2}') }, 403, 'signature_invalid'],
    ['a missing signature', {}, 401, 'signature_missing'],
    [
      'a signature without its prefix',
      { 'x-hub-signature-256': sign('{"a":1}').slice(7) },
      403,
      'signature_invalid',
    ],
    [
      'a truncated signature',
      { 'x-hub-signature-256': sign('{"a":1}').slice(0, 40) },
      403,
      'signature_invalid',
    ],
  ])('refuses %s', async (_case, headers, status, code) => {
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"a":1}',
    });
    expect(answer.status).toBe(status);
    expect(answer.body.error?.code).toBe(code);
    expect(started).toEqual([]);
    expect(recorded).toEqual([expect.objectContaining({ runbookId, outcome: 'refused', status })]);
    expect(logged.join('\n')).toContain(code);
    expect(logged.join('\n')).not.toContain(secret);
  });

  it('refuses when no secret is set, rather than accepting anything', async () => {
    storedSecret = undefined;
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign('{}', '') },
      body: '{}',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toMatch(/no secret set/);
  });

  it('checks Basic credentials, with a challenge when they are missing or wrong', async () => {
    trigger = { ...trigger, authentication: 'basic', username: 'halo' };
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const json = { 'content-type': 'application/json' };
    const missing = await send(port, { headers: json, body: '{}' });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(
      (await send(port, { headers: { ...json, authorization: basic('halo', 'wrong') }, body: '{}' })).status,
    ).toBe(401);
    expect(
      (await send(port, { headers: { ...json, authorization: basic('other', secret) }, body: '{}' })).status,
    ).toBe(401);
    expect(
      (await send(port, { headers: { ...json, authorization: basic('halo', secret) }, body: '{}' })).status,
    ).toBe(202);
  });

  it('takes Basic credentials whose user name holds a colon and whose password holds colons and accents', async () => {
    trigger = { ...trigger, authentication: 'basic', username: 'ops:eu-west' };
    storedSecret = 'pä:ss:wörd';
    const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
    const json = { 'content-type': 'application/json' };
    const sent = (userPass: string) =>
      send(port, { headers: { ...json, authorization: basic(userPass) }, body: '{}' });
    expect((await sent('ops:eu-west:pä:ss:wörd')).status).toBe(202);
    expect((await sent('ops:eu-west:pä:ss:word')).status).toBe(401);
    expect((await sent('ops:eu-wes:pä:ss:wörd')).status).toBe(401);
    expect((await sent('ops:eu-west')).status).toBe(401);
    expect(started).toHaveLength(1);
  });

  it('takes unauthenticated deliveries when the runbook says so', async () => {
    trigger = { ...trigger, authentication: 'none' };
    expect((await send(port, { headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(
      202,
    );
    expect((await send(port, { body: '' })).status).toBe(202);
  });

  it('refuses other methods with 405 and Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const answer = await send(port, { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      expect(answer.body.error?.code).toBe('method_not_allowed');
    }
  });

  it('refuses bodies over the limit with 413, whether announced or streamed', async () => {
    const big = Buffer.alloc(65 * 1024, 'a');
    const announced = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(big) },
      body: big,
    });
    expect(announced.status).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/webhooks/${runbookId}`,
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      for (let index = 0; index < 80; index += 1) request.write(Buffer.alloc(1024, 'b'));
      request.end();
    });
    expect(streamed).toBe(413);
    expect(started).toEqual([]);
  });

  it.each([
    ['to an address that is no webhook', '/webhooks/no-such-runbook', {}],
    ['from a web page', `/webhooks/${runbookId}`, { origin: 'http://evil.example' }],
  ])(
    'closes the connection of a delivery refused %s once answered, though its body still comes',
    async (_, path, extra) => {
      // The announced body would take 50 s at a byte every 50 ms; the answer comes at once.
      const answer = await new Promise<string | null>((resolve) => {
        let text = '';
        const socket = net.connect(port, '127.0.0.1', () => {
          const headers = Object.entries(extra).map(([name, value]) => `${name}: ${value}\r\n`);
          socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\n${headers.join('')}Content-Length: 1000\r\n\r\n`);
        });
        const drip = setInterval(() => socket.write('a'), 50);
        const givingUp = setTimeout(() => {
          socket.destroy();
          resolve(null);
        }, 5_000);
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(drip);
          clearTimeout(givingUp);
          resolve(text);
        });
      });
      expect(answer).toMatch(/^HTTP\/1\.1 40[34] /);
    },
  );

  it('takes a body of exactly the limit', async () => {
    const atTheLimit = Buffer.alloc(64 * 1024, 0x20);
    atTheLimit.write('{"a":1}', 0);
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(atTheLimit) },
      body: atTheLimit,
    });
    expect(answer.status).toBe(202);
    expect(started).toEqual([{ inputs: {}, payload: { a: 1 } }]);
  });

  it('logs a sender that hangs up before its body ends as such, not as invalid HTTP, and starts nothing', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.end(
          `POST /webhooks/${runbookId} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
            `X-Hub-Signature-256: ${sign('{"a":1}')}\r\nContent-Length: 7\r\n\r\n{"a"`,
        ),
      );
      socket.resume();
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    expect(logged.join('\n')).toMatch(/the sender closed the connection before its request ended/);
    expect(logged.join('\n')).not.toMatch(/not valid HTTP/);
    expect(started).toEqual([]);
  });

  it('answers requests Node refuses before they reach the handler (malformed) with JSON, and logs them', async () => {
    const answer = await rawExchange(
      port,
      `POST /webhooks/${runbookId} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('application/json');
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toMatchObject({ error: { code: 'bad_request' } });
    expect(logged.join('\n')).toMatch(/refused 400 bad_request/);
  });

  it('times out a body that trickles in (slow loris) with a JSON 408, logged', async () => {
    const slow = createWebhookServer({
      target: () => ({ rules: { trigger, secret: storedSecret, inputs }, start: () => 'run' }),
      record: (outcome) => recorded.push(outcome),
      log: (line) => logged.push(line),
      timeouts: { headersMs: 200, requestMs: 400 },
    });
    const slowPort = (await slow.listen('127.0.0.1', 0)).port;
    try {
      // Dripped a byte every 50 ms, the 1,000-byte body would take 50 s: the 408 comes from the
      // 400 ms limit, not from the body's end.
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        const socket = net.connect(slowPort, '127.0.0.1', () => {
          socket.write(`POST /webhooks/${runbookId} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n`);
          const drip = setInterval(() => socket.write('a'), 50);
          socket.on('close', () => clearInterval(drip));
        });
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('close', () => resolve(text));
        socket.on('error', () => undefined);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toMatchObject({
        error: { code: 'request_timeout' },
      });
      expect(logged.join('\n')).toMatch(/refused 408 request_timeout/);
      expect(started).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('holds at most its cap of connections open at once, answering the ones over it 503 with the reason, logged', async () => {
    const capped = createWebhookServer({
      target: () => ({
        rules: {
          trigger: webhookTriggerSchema.parse({ isEnabled: true, authentication: 'none' }),
          secret: undefined,
          inputs,
        },
        start: () => 'run',
      }),
      record: () => undefined,
      log: (line) => logged.push(line),
      maxConnections: 3,
    });
    const cappedPort = (await capped.listen('127.0.0.1', 0)).port;
    const open: net.Socket[] = [];
    /** A connection's answer to one request, '' if it was closed unanswered; the connection kept. */
    const askOnNewConnection = () =>
      new Promise<string>((resolve) => {
        const socket = net.connect(cappedPort, '127.0.0.1', () =>
          socket.write(
            `POST /webhooks/${runbookId} HTTP/1.1\r\nHost: x\r\n` +
              'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
          ),
        );
        open.push(socket);
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
        socket.on('close', () => resolve(''));
        socket.on('error', () => undefined);
      });
    try {
      // Kept alive after their answers, three connections fill the cap.
      for (let index = 0; index < 3; index += 1)
        expect(await askOnNewConnection()).toMatch(/^HTTP\/1\.1 202 /);
      const overCap = await askOnNewConnection();
      expect(overCap).toMatch(/^HTTP\/1\.1 503 /);
      expect(overCap).toMatch(/\r\nconnection: close\r\n/i);
      expect(JSON.parse(overCap.split('\r\n\r\n')[1] ?? '')).toEqual({
        error: {
          code: 'busy',
          message:
            'The webhook listener holds 3 connections open already, the most it holds at once; try again in a moment.',
        },
      });
      expect(logged.join('\n')).toMatch(/webhook listener refused 1 connection\(s\): 3 are open already/);
      // One going frees a place, once the listener has seen it go (a few tries at most).
      open[0]?.destroy();
      let answer = '';
      for (let tries = 0; tries < 20 && !answer.startsWith('HTTP/1.1 202 '); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await askOnNewConnection();
      }
      expect(answer).toMatch(/^HTTP\/1\.1 202 /);
    } finally {
      for (const socket of open) socket.destroy();
      await capped.close();
    }
  });

  it('holds at most 64 connections over its cap, closing further ones unanswered, and each idle one within 2 s', async () => {
    const capped = createWebhookServer({
      target: () => undefined,
      record: () => undefined,
      log: (line) => logged.push(line),
      maxConnections: 1,
    });
    const cappedPort = (await capped.listen('127.0.0.1', 0)).port;
    const open: net.Socket[] = [];
    const closed: boolean[] = [];
    const connect = () =>
      new Promise<number>((resolve) => {
        const socket = net.connect(cappedPort, '127.0.0.1', () => resolve(index));
        const index = open.push(socket) - 1;
        closed[index] = false;
        socket.on('close', () => (closed[index] = true));
        socket.on('error', () => undefined);
      });
    try {
      // The cap's one, then the 64 over it: all idle.
      for (let index = 0; index < 65; index += 1) await connect();
      const beyond = await rawExchange(
        cappedPort,
        `POST /webhooks/${runbookId} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`,
      );
      expect(beyond).toBe('');
      // The idle ones over the cap go within 2 s; the one within it stays.
      for (let tries = 0; tries < 50 && closed.filter(Boolean).length < 64; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(closed.slice(1).every(Boolean)).toBe(true);
      expect(closed[0]).toBe(false);
    } finally {
      for (const socket of open) socket.destroy();
      await capped.close();
    }
  });

  it('refuses content types other than JSON and forms with 415', async () => {
    const body = '<xml/>';
    const answer = await send(port, {
      headers: { 'content-type': 'text/xml', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(answer.status).toBe(415);
    expect(answer.body.error?.message).toContain('text/xml');
  });

  it('refuses a JSON body that is not UTF-8 with 422, instead of handing the run U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('{"name": "Caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_json',
      message: expect.stringContaining('UTF-8'),
    });
  });

  it.each([
    ['percent-encoded Latin-1', Buffer.from('id=7&name=Caf%E9')],
    ['raw Latin-1', Buffer.concat([Buffer.from('id=7&name=Caf'), Buffer.from([0xe9])])],
    ['an encoded lone surrogate', Buffer.from('id=7&name=%ED%A0%80')],
  ])(
    'refuses a form with a field in %s with 422 naming it, instead of handing the run U+FFFD',
    async (_case, body) => {
      const answer = await send(port, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign(body) },
        body,
      });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({
        code: 'invalid_form',
        message: expect.stringContaining('"name"'),
      });
      expect(started).toEqual([]);
    },
  );

  it('takes a form with a % that starts no escape as the text it is, and UTF-8 escapes as their text', async () => {
    const body = 'off=50%&city=K%C3%B6ln+Nord';
    const answer = await send(port, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(answer.status).toBe(202);
    expect(started[0]?.payload).toEqual({ off: '50%', city: 'Köln Nord' });
  });

  it('refuses malformed JSON and inputs the payload cannot fill with 422', async () => {
    const broken = '{"a":';
    const malformed = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(broken) },
      body: broken,
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error?.code).toBe('invalid_json');

    trigger = { ...trigger, inputMapping: [{ input: 'ticket', path: '$.ticket.id' }] };
    inputs = [{ name: 'ticket', type: 'number', isRequired: true, defaultValue: '', description: '' }];
    const missing = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign('{}') },
      body: '{}',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error?.message).toContain('"ticket" is required');
    const wrongType = '{"ticket":{"id":"abc"}}';
    const wrong = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(wrongType) },
      body: wrongType,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error?.message).toContain('must be a number');
  });

  it('refuses a JSON body nested 5,000 deep with 422 saying so, and starts no run', async () => {
    trigger = { ...trigger, inputMapping: [{ input: 'data', path: '$.a' }] };
    inputs = [{ name: 'data', type: 'json', isRequired: false, defaultValue: '', description: '' }];
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(deep) },
      body: deep,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'payload_too_deep',
      message: expect.stringMatching(/^The body nests deeper than 64 levels \(at \$\.a\.a/) as unknown,
    });
    const form = `payload=${encodeURIComponent(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)}`;
    const formAnswer = await send(port, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign(form) },
      body: form,
    });
    expect(formAnswer.body.error?.code).toBe('payload_too_deep');
    expect(started).toEqual([]);
    expect(recorded.map((outcome) => outcome.status)).toEqual([422, 422]);
  });

  it('accepts a JSON body nested 64 deep', async () => {
    const body = `${'['.repeat(64)}${']'.repeat(64)}`;
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(answer.status).toBe(202);
  });

  it('answers 404 for unknown runbooks, disabled webhooks and other paths, and refuses browser pages', async () => {
    expect((await send(port, { path: '/webhooks/unknown-id', body: '{}' })).status).toBe(404);
    expect((await send(port, { path: '/', body: '{}' })).status).toBe(404);
    const fromPage = await send(port, {
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(fromPage.status).toBe(403);
    trigger = { ...trigger, isEnabled: false };
    expect((await send(port, { headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(
      404,
    );
  });

  it('answers every delivery with the target’s refusal, logged and recorded, without starting a run', async () => {
    refusal = { status: 409, code: 'not_published', message: 'Publish this runbook first.' };
    const answer = await send(port, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign('{}') },
      body: '{}',
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({ error: { code: 'not_published', message: 'Publish this runbook first.' } });
    expect(started).toEqual([]);
    expect(recorded).toEqual([
      { runbookId, outcome: 'refused', status: 409, message: 'Publish this runbook first.', runId: null },
    ]);
    expect(logged.some((line) => line.includes('refused 409 not_published'))).toBe(true);
  });
});
