/**
 * The outbound proxy's password is a secret: taken out of the address, stored encrypted, never
 * answered, and still sent to the proxy. A tiny forward proxy on 127.0.0.1 checks it.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api/contract';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const marker = 'PrOxY-pAsS-7f3e9c';
const user = 'ops';

type Backend = ReturnType<typeof startBackend>;
type Definition = CallOutput<'integrations.definition'>;
type TestResult = CallOutput<'methods.test'>;

let target: LocalServer;
let proxy: LocalServer & { seen: string[] };

/** Relays plain requests by absolute URL once Proxy-Authorization is Basic ops:<marker>; 407 before. */
async function startCheckingProxy(): Promise<LocalServer & { seen: string[] }> {
  const seen: string[] = [];
  const expected = `Basic ${Buffer.from(`${user}:${marker}`).toString('base64')}`;
  const server = http.createServer((request, response) => {
    const given = request.headers['proxy-authorization'] ?? '';
    seen.push(given);
    if (given !== expected) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const url = new URL(request.url ?? '');
    const upstream = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: request.method },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  return { ...(await listen(server)), seen };
}

beforeAll(async () => {
  target = await listen(
    http.createServer((request, response) => {
      // An echo of what reached the target: the proxy's credential must not.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ headers: request.headers }));
    }),
  );
  proxy = await startCheckingProxy();
});
afterAll(async () => {
  await target.close();
  await proxy.close();
});

async function createIntegration(backend: Backend): Promise<string> {
  const { id } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'Behind a proxy', category: 'Other' },
  });
  return id;
}

const proxyDefinition = (url: string) => ({
  baseUrl: target.url,
  behaviour: { retry: { isEnabled: false }, proxy: { isEnabled: true, url } },
});

const sendThroughProxy = (backend: Backend, integrationId: string) =>
  backend.dispatch('methods.test', {
    integrationId,
    methodId: null,
    definition: { name: 'Hello', httpMethod: 'GET', path: '/hello' },
    configurationId: null,
    variables: {},
  }) as Promise<TestResult>;

/** The database file and its WAL (and journal, if any), as raw text. */
function databaseBytes(backend: Backend): string {
  return ['', '-wal', '-journal']
    .map((suffix) => `${backend.databaseFile}${suffix}`)
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('the outbound proxy password', () => {
  it('is taken out of a typed address, stored encrypted, and never answered', async () => {
    const backend = startBackend();
    const id = await createIntegration(backend);
    const saved = await inProcessApi(backend).call('integrations.updateDefinition', {
      id,
      definition: proxyDefinition(`http://${user}:${marker}@127.0.0.1:${String(proxy.port)}`),
    });

    expect(saved.behaviour.proxy.url).toBe(`http://${user}@127.0.0.1:${String(proxy.port)}`);
    expect(saved.proxyPassword).toEqual({ set: true, masked: '••••' });
    const answers = [
      await backend.dispatch('integrations.definition', { id }),
      await backend.dispatch('integrations.get', { id }),
      await backend.dispatch('integrations.list', {}),
      await backend.dispatch('integrations.export', { id }),
    ];
    expect(JSON.stringify(answers)).not.toContain(marker);
    expect(databaseBytes(backend)).not.toContain(marker);
  });

  it('is sent to the proxy, and only to it', async () => {
    const backend = startBackend();
    const id = await createIntegration(backend);
    await backend.dispatch('integrations.updateDefinition', {
      id,
      definition: proxyDefinition(`http://${user}@127.0.0.1:${String(proxy.port)}`),
    });
    expect((await sendThroughProxy(backend, id)).response?.status).toBe(407);

    await backend.dispatch('integrations.updateDefinition', {
      id,
      definition: proxyDefinition(`http://${user}@127.0.0.1:${String(proxy.port)}`),
      proxyPassword: marker,
    });
    const result = await sendThroughProxy(backend, id);
    expect(result.response?.status).toBe(200);
    expect(JSON.stringify(result)).not.toContain(marker);
    expect(result.response?.body).not.toContain('proxy-authorization');
  });

  it('is kept when left out, cleared with null, and forgotten when the proxy address changes', async () => {
    const backend = startBackend();
    const id = await createIntegration(backend);
    const address = `http://${user}@127.0.0.1:${String(proxy.port)}`;
    const save = (url: string, proxyPassword?: string | null) =>
      backend.dispatch('integrations.updateDefinition', {
        id,
        definition: proxyDefinition(url),
        ...(proxyPassword === undefined ? {} : { proxyPassword }),
      }) as Promise<Definition>;

    expect((await save(address, marker)).proxyPassword.set).toBe(true);
    expect((await save(address)).proxyPassword.set).toBe(true);
    expect((await save(address, null)).proxyPassword.set).toBe(false);
    await save(address, marker);
    const moved = await save(`http://${user}@proxy.example:3128`);
    expect(moved.proxyPassword).toEqual({ set: false, masked: '' });
  });

  it('refuses two different passwords, one in the address and one in the field', async () => {
    const backend = startBackend();
    const id = await createIntegration(backend);
    await expect(
      backend.dispatch('integrations.updateDefinition', {
        id,
        definition: proxyDefinition(`http://${user}:${marker}@127.0.0.1:3128`),
        proxyPassword: 'another',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'proxyPassword' });
  });

  it.each([
    ['a tab', `http://${user}:${marker}\t@proxy.example:3128`],
    ['no slashes', `http:${user}:${marker}@proxy.example:3128`],
    ['back-slashes', `http:\\\\${user}:${marker}@proxy.example:3128`],
    ['another scheme', `socks5://${user}:${marker}@proxy.example:1080`],
  ])(
    'in an address with %s is refused, the proxy disabled or not, and stored nowhere',
    async (_form, url) => {
      const backend = startBackend();
      const id = await createIntegration(backend);
      for (const isEnabled of [false, true]) {
        await expect(
          backend.dispatch('integrations.updateDefinition', {
            id,
            definition: { behaviour: { proxy: { isEnabled, url } } },
          }),
        ).rejects.toMatchObject({ code: 'invalid_input', field: 'definition.behaviour.proxy.url' });
      }
      const definition = await inProcessApi(backend).call('integrations.definition', { id });
      expect(definition.behaviour.proxy.url).toBe('');
      expect(databaseBytes(backend)).not.toContain(marker);
    },
  );

  it('in the address of a disabled proxy is stored apart too', async () => {
    const backend = startBackend();
    const id = await createIntegration(backend);
    const saved = await inProcessApi(backend).call('integrations.updateDefinition', {
      id,
      definition: {
        behaviour: { proxy: { isEnabled: false, url: `http://${user}:${marker}@proxy.example:3128` } },
      },
    });
    expect(saved.behaviour.proxy.url).toBe(`http://${user}@proxy.example:3128`);
    expect(saved.proxyPassword.set).toBe(true);
    expect(JSON.stringify(await backend.dispatch('integrations.definition', { id }))).not.toContain(marker);
    expect(databaseBytes(backend)).not.toContain(marker);
  });

  it('written into an imported file is not stored (a file brings no credentials)', async () => {
    const backend = startBackend();
    const id = await createIntegration(backend);
    const address = `http://${user}@127.0.0.1:${String(proxy.port)}`;
    await backend.dispatch('integrations.updateDefinition', { id, definition: proxyDefinition(address) });
    const { content } = await inProcessApi(backend).call('integrations.export', { id });
    const hostile = content.replace(
      `"url": "http://127.0.0.1:${String(proxy.port)}"`,
      `"url": "http://${user}:${marker}@127.0.0.1:${String(proxy.port)}"`,
    );
    expect(hostile).toContain(marker);

    const theirs = startBackend();
    const { integrationId } = await inProcessApi(theirs).call('integrations.import', { content: hostile });
    const definition = await inProcessApi(theirs).call('integrations.definition', {
      id: integrationId,
    });
    expect(definition.behaviour.proxy.url).toBe(address);
    expect(definition.proxyPassword.set).toBe(false);
    expect(databaseBytes(theirs)).not.toContain(marker);
  });

  it('written in clear into an address by an earlier version is moved into the store at start-up', async () => {
    const directory = temporaryDirectory();
    const first = startBackend(directory);
    const id = await createIntegration(first);
    await first.dispatch('integrations.updateDefinition', {
      id,
      definition: proxyDefinition(`http://${user}@127.0.0.1:${String(proxy.port)}`),
    });
    stopBackend(first);
    // The old format, written as an earlier version did: the password in the stored address.
    const raw = new BetterSqlite3(path.join(directory, 'runbook-designer.sqlite'));
    const inClear = `http://${user}:${marker}@127.0.0.1:${String(proxy.port)}`;
    raw
      .prepare("UPDATE integrations SET behaviour = json_set(behaviour, '$.proxy.url', ?) WHERE id = ?")
      .run(inClear, id);
    raw.close();
    expect(fs.readFileSync(path.join(directory, 'runbook-designer.sqlite')).toString('latin1')).toContain(
      marker,
    );

    const lines: string[] = [];
    const second = startBackend(directory, undefined, { log: (line) => lines.push(line) });
    const definition = await inProcessApi(second).call('integrations.definition', { id });
    expect(definition.behaviour.proxy.url).toBe(`http://${user}@127.0.0.1:${String(proxy.port)}`);
    expect(definition.proxyPassword.set).toBe(true);
    expect(lines.join('\n')).toMatch(/moved 1 proxy password/);
    expect(lines.join('\n')).not.toContain(marker);
    expect(databaseBytes(second)).not.toContain(marker);
    expect((await sendThroughProxy(second, id)).response?.status).toBe(200);
    stopBackend(second);

    // Idempotent: a later start finds nothing to move and the password still works.
    const third = startBackend(directory, undefined, { log: (line) => lines.push(line) });
    expect(lines.filter((line) => line.includes('proxy password'))).toHaveLength(1);
    expect((await sendThroughProxy(third, id)).response?.status).toBe(200);
  });
});
