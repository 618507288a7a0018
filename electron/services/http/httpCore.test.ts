import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  integrationDefinitionSchema,
  type IntegrationDefinition,
} from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema, type MethodDefinition } from '../../../shared/domain/method';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import { createHttpCore, type SendInput } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { configurationOf } from './testSupport/fakeConfiguration';
import { listen } from './testSupport/localServers';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A local API whose answers the test scripts, recording what it received. */
async function api(answer: (seen: Seen, count: number, response: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      seen.push(entry);
      answer(entry, seen.length, response);
    });
  });
  const local = await listen(server);
  cleanups.push(() => local.close());
  return { url: local.url, seen };
}

function core() {
  const transport = createHttpTransport();
  cleanups.push(() => transport.dispose());
  const calls: ApiCallRecord[] = [];
  const sleeps: number[] = [];
  const instance = createHttpCore({
    transport,
    recordCall: (record) => calls.push(record),
    openBrowser: () => Promise.resolve(),
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  return { instance, calls, sleeps };
}

function input(
  baseUrl: string,
  method: Partial<MethodDefinition>,
  integration: Partial<IntegrationDefinition> = {},
): SendInput {
  return {
    integrationId: 'i1',
    methodId: 'm1',
    integration: integrationDefinitionSchema.parse({ baseUrl, ...integration }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET', ...method }),
    configuration: null,
    variables: {},
  };
}

const json = (
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

describe('httpCore', () => {
  it('sends path parameters, query, headers and a JSON body, and reads output variables', async () => {
    const target = await api((_, __, response) =>
      json(response, 200, { choices: [{ text: 'Hello' }], id: 7 }, { 'x-request-id': 'r1' }),
    );
    const { instance, calls } = core();
    const result = await instance.send({
      ...input(target.url, {
        httpMethod: 'POST',
        path: '/tickets/{id}/notes',
        query: [{ key: 'expand', value: '{{expand}}', description: '', isEnabled: true }],
        headers: [{ key: 'X-Client', value: '{{client}}', description: '', isEnabled: true }],
        body: { kind: 'json', text: '{"note": "{{note}}", "count": {{count}}}' },
        outputs: [
          { name: 'text', expression: 'response^choices[0]^text!' },
          { name: 'id', expression: '$.id' },
          { name: 'requestId', expression: 'headers.x-request-id' },
        ],
      }),
      variables: { id: 'T 1', expand: 'all', client: 'Contoso', note: 'say "hi"', count: 2 },
    });
    expect(result.error).toBeNull();
    expect(target.seen[0]).toMatchObject({ method: 'POST', url: '/tickets/T%201/notes?expand=all' });
    expect(target.seen[0]?.headers['x-client']).toBe('Contoso');
    expect(JSON.parse(target.seen[0]?.body ?? '')).toEqual({ note: 'say "hi"', count: 2 });
    expect(result.outputs.map((output) => output.value)).toEqual(['Hello', 7, 'r1']);
    expect(result.response).toMatchObject({ status: 200, size: 37, contentType: 'application/json' });
    expect(calls).toMatchObject([{ integrationId: 'i1', methodId: 'm1', status: 200, attempts: 1 }]);
  });

  it('waits as Retry-After says on a 503, then succeeds', async () => {
    const target = await api((_, count, response) =>
      count === 1 ? json(response, 503, {}, { 'retry-after': '2' }) : json(response, 200, { ok: true }),
    );
    const { instance, sleeps } = core();
    const result = await instance.send(input(target.url, {}));
    expect(result.response?.status).toBe(200);
    expect(result.attempts).toBe(2);
    expect(sleeps).toEqual([2000]);
  });

  it('backs off with jitter on a 429 without Retry-After', async () => {
    const target = await api((_, count, response) => json(response, count < 3 ? 429 : 200, {}));
    const { instance, sleeps } = core();
    const result = await instance.send(input(target.url, {}));
    expect(result.attempts).toBe(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('stops after the last attempt and returns the last answer', async () => {
    const target = await api((_, __, response) => json(response, 500, { error: 'down' }));
    const { instance, calls } = core();
    const result = await instance.send(input(target.url, {}));
    expect(target.seen).toHaveLength(4);
    expect(result).toMatchObject({ attempts: 4, error: null, response: { status: 500 } });
    expect(calls).toMatchObject([{ status: 500, attempts: 4 }]);
  });

  it('does not retry a POST answered 503', async () => {
    const target = await api((_, __, response) => json(response, 503, {}));
    const { instance } = core();
    await instance.send(input(target.url, { httpMethod: 'POST' }));
    expect(target.seen).toHaveLength(1);
  });

  it('retries a POST the method marks as safe', async () => {
    const target = await api((_, count, response) => json(response, count === 1 ? 503 : 201, {}));
    const { instance } = core();
    const result = await instance.send(input(target.url, { httpMethod: 'POST', isRetrySafe: true }));
    expect(result.response?.status).toBe(201);
  });

  it('retries a GET whose connection dropped', async () => {
    const target = await api((seen, count, response) => {
      if (count === 1) response.socket?.destroy();
      else json(response, 200, {});
    });
    const { instance } = core();
    const result = await instance.send(input(target.url, {}));
    expect(result.response?.status).toBe(200);
    expect(result.attempts).toBe(2);
  });

  it('leaves retries off when the integration says so', async () => {
    const target = await api((_, __, response) => json(response, 500, {}));
    const { instance } = core();
    await instance.send(
      input(target.url, {}, { behaviour: { retry: { isEnabled: false } } } as Partial<IntegrationDefinition>),
    );
    expect(target.seen).toHaveLength(1);
  });

  it('reports an unreachable API as an error result with a readable message', async () => {
    const closed = await listen(http.createServer());
    await closed.close();
    const { instance, calls } = core();
    const result = await instance.send(
      input(closed.url, {}, {
        behaviour: { retry: { maxAttempts: 2, baseDelayMs: 1 } },
      } as Partial<IntegrationDefinition>),
    );
    expect(result.response).toBeNull();
    expect(result.error?.message).toMatch(/connection was refused/);
    expect(result.attempts).toBe(2);
    expect(calls).toHaveLength(1);
  });

  it('names a header HTTP does not allow and does not try again', async () => {
    const target = await api((_, __, response) => json(response, 200, {}));
    const { instance, sleeps } = core();
    const result = await instance.send({
      ...input(target.url, {
        headers: [{ key: 'X-Note', value: '{{note}}', description: '', isEnabled: true }],
      }),
      variables: { note: 'Zoë – café' },
    });
    expect(result.error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(result.error?.message).toMatch(/x-note/i);
    expect(result.attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(target.seen).toHaveLength(0);
  });

  it('names an unknown variable and sends nothing', async () => {
    const target = await api((_, __, response) => json(response, 200, {}));
    const { instance, calls } = core();
    const result = await instance.send(input(target.url, { path: '/x/{{ticketId}}' }));
    expect(result.error?.message).toBe('Unknown variable "ticketId" at position 3');
    expect(target.seen).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it('asks for a missing path parameter by name', async () => {
    const { instance } = core();
    const result = await instance.send(input('http://127.0.0.1:9', { path: '/tickets/{id}' }));
    expect(result.error).toMatchObject({
      message: 'The path parameter {id} needs a value.',
      field: 'variables.id',
    });
  });

  it('asks for a path parameter named like an object property instead of sending "undefined"', async () => {
    const { instance } = core();
    const result = await instance.send(input('http://127.0.0.1:9', { path: '/things/{constructor}' }));
    expect(result.error).toMatchObject({ message: 'The path parameter {constructor} needs a value.' });
  });

  it('masks the credentials in the request it shows and in the call log', async () => {
    const target = await api((seen, __, response) => json(response, 200, { echoed: seen.url }));
    const { instance, calls } = core();
    const result = await instance.send({
      ...input(
        target.url,
        { path: '/things' },
        { auth: { type: 'apiKey', name: 'api_key', placement: 'query' } },
      ),
      configuration: configurationOf({ apiKey: 'sk-very-secret-123' }),
    });
    expect(target.seen[0]?.url).toBe('/things?api_key=sk-very-secret-123');
    const shown = JSON.stringify(result);
    expect(shown).not.toContain('sk-very-secret-123');
    expect(result.request?.url).toMatch(/api_key=••••$/);
    expect(JSON.stringify(calls)).not.toContain('sk-very-secret-123');
  });

  it('masks a credential the API echoes back in the output variables too', async () => {
    const target = await api((seen, __, response) =>
      json(response, 200, {
        token: String(seen.headers.authorization).slice(7),
        nested: { again: seen.headers.authorization },
      }),
    );
    const { instance } = core();
    const result = await instance.send({
      ...input(
        target.url,
        {
          outputs: [
            { name: 'token', expression: 'response^token!' },
            { name: 'nested', expression: '$.nested' },
          ],
        },
        { auth: { type: 'bearer' } },
      ),
      configuration: configurationOf({ token: 'tok_echoed_4711' }),
    });
    expect(result.outputs.map((output) => output.value)).toEqual(['••••', { again: 'Bearer ••••' }]);
    expect(JSON.stringify(result)).not.toContain('tok_echoed_4711');
  });

  it('masks the Authorization header whatever its content', async () => {
    const target = await api((_, __, response) => json(response, 200, {}));
    const { instance } = core();
    const result = await instance.send({
      ...input(target.url, {}, { auth: { type: 'bearer' } }),
      configuration: configurationOf({ token: 'tok_abcdef' }),
    });
    expect(target.seen[0]?.headers.authorization).toBe('Bearer tok_abcdef');
    expect(result.request?.headers.authorization).toBe('Bearer ••••');
  });

  it('asks for a configuration when the authorization needs credentials', async () => {
    const { instance } = core();
    const result = await instance.send(input('http://127.0.0.1:9', {}, { auth: { type: 'bearer' } }));
    expect(result.error?.message).toMatch(/Choose a configuration/);
  });
});

describe('an address with a user name or password in it', () => {
  it('is recorded with them as ••••, in the result and the call log', async () => {
    const local = await api((_, __, response) => json(response, 200, { ok: true }));
    const { instance, calls } = core();
    const withUser = local.url.replace('http://', 'http://agent-name:pw-value@');
    const result = await instance.send(input(withUser, { path: '/tickets' }));
    expect(result.error).toBeNull();
    expect(local.seen).toHaveLength(1);
    const shown = local.url.replace('http://', 'http://••••@');
    expect(result.request?.url).toBe(`${shown}/tickets`);
    expect(calls.map((call) => call.url)).toEqual([`${shown}/tickets`]);
    expect(JSON.stringify({ result, calls })).not.toMatch(/pw-value|agent-name/);
  });
});
