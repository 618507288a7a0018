/** Methods through the backend's contract, and the Test button against python3-httpbin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../http/testSupport/httpbin';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

let httpbin: Httpbin;
beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);
afterAll(async () => {
  await httpbin.stop();
});

async function setUp(auth: Record<string, unknown> = { type: 'bearer' }) {
  const backend = startBackend();
  const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'httpbin', category: 'Other' },
  });
  await backend.dispatch('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: httpbin.url, auth, variablePrefix: 'httpbin' },
  });
  return { backend, integrationId };
}

describe('methods', () => {
  it('creates, lists, updates and deletes methods', async () => {
    const { backend, integrationId } = await setUp();
    const created = await inProcessApi(backend).call('methods.create', {
      integrationId,
      definition: { name: 'Get anything', httpMethod: 'GET', path: '/anything/{id}' },
    });
    await backend.dispatch('methods.update', {
      id: created.id,
      definition: { name: 'Get anything', httpMethod: 'POST' },
    });
    const listed = await inProcessApi(backend).call('methods.list', { integrationId });
    expect(listed.map((method) => method.definition.httpMethod)).toEqual(['POST']);
    await expect(
      backend.dispatch('methods.create', {
        integrationId,
        definition: { name: 'get ANYTHING', httpMethod: 'GET' },
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await backend.dispatch('methods.delete', { id: created.id });
    expect(await backend.dispatch('methods.list', { integrationId })).toEqual([]);
  });

  it('imports a taken method name as the first free copy name, within 200 characters', async () => {
    const { backend, integrationId } = await setUp();
    const long = 'L'.repeat(200);
    await backend.dispatch('methods.create', {
      integrationId,
      definition: { name: 'List users', httpMethod: 'GET' },
    });
    await backend.dispatch('methods.importMany', {
      integrationId,
      definitions: [
        { name: 'list USERS', httpMethod: 'GET' },
        { name: 'List users', httpMethod: 'GET' },
        { name: long, httpMethod: 'GET' },
        { name: long, httpMethod: 'GET' },
      ],
    });
    const listed = (await backend.dispatch('methods.list', { integrationId })) as {
      definition: { name: string };
    }[];
    expect(listed.map((method) => method.definition.name).sort()).toEqual(
      ['List users', 'list USERS (copy)', 'List users (copy 2)', long, `${'L'.repeat(193)} (copy)`].sort(),
    );
  });

  it('tests a method with the primary configuration’s bearer token and reads an output variable', async () => {
    const { backend, integrationId } = await setUp();
    await backend.dispatch('configurations.create', {
      integrationId,
      name: 'Main',
      secrets: { token: 'tok-live-424242' },
    });
    const result = await inProcessApi(backend).call('methods.test', {
      integrationId,
      definition: {
        name: 'Who am I',
        httpMethod: 'GET',
        path: '/bearer',
        outputs: [{ name: 'isAuthenticated', expression: 'response^authenticated' }],
      },
      variables: {},
    });
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(200);
    expect(result.outputs).toEqual([
      { name: 'isAuthenticated', expression: 'response^authenticated', value: 'true' },
    ]);
    expect(JSON.stringify(result)).not.toContain('tok-live-424242');
    const log = await inProcessApi(backend).call('integrations.callLog', {
      id: integrationId,
    });
    expect(log.counts).toEqual({ today: 1, lastSevenDays: 1, total: 1 });
    expect(log.calls[0]).toMatchObject({ httpMethod: 'GET', status: 200, attempts: 1 });
  });

  it('fills the variables of the Test form into path, query and body', async () => {
    const { backend, integrationId } = await setUp({ type: 'none' });
    const result = await inProcessApi(backend).call('methods.test', {
      integrationId,
      definition: {
        name: 'Echo',
        httpMethod: 'POST',
        path: '/anything/{ticket}',
        query: [{ key: 'lang', value: '{{lang}}' }],
        body: { kind: 'json', text: '{"prompt": "{{prompt}}"}' },
        outputs: [{ name: 'prompt', expression: '$.json.prompt' }],
      },
      variables: { ticket: 'T-1', lang: 'en', prompt: 'Hello "world"' },
    });
    expect(result.response?.status).toBe(200);
    expect(JSON.parse(result.response?.body ?? '{}')).toMatchObject({
      url: `${httpbin.url}/anything/T-1?lang=en`,
    });
    expect(result.outputs[0]?.value).toBe('Hello "world"');
  });

  it('fills a JSON body with typed variables as a run does: true and 3, not "true" and "3"', async () => {
    const { backend, integrationId } = await setUp({ type: 'none' });
    const result = await inProcessApi(backend).call('methods.test', {
      integrationId,
      definition: {
        name: 'Echo',
        httpMethod: 'POST',
        path: '/anything/{ticket}',
        body: { kind: 'json', text: '{"notify": {{notify}}, "count": {{count}}, "extra": {{extra}}}' },
      },
      variables: { ticket: 'T-1', notify: true, count: 3, extra: { tags: ['a'] } },
    });
    expect(result.response?.status).toBe(200);
    expect(JSON.parse(result.response?.body ?? '{}')).toMatchObject({
      url: `${httpbin.url}/anything/T-1`,
      json: { notify: true, count: 3, extra: { tags: ['a'] } },
    });
  });

  it('tests a method not yet named: a name is needed to save it, not to send it', async () => {
    const { backend, integrationId } = await setUp({ type: 'none' });
    const result = await inProcessApi(backend).call('methods.test', {
      integrationId,
      definition: { name: '  ', httpMethod: 'GET', path: '/anything/{id}' },
      variables: { id: '42' },
    });
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(200);
  });

  it('asks for a configuration when a bearer integration has none', async () => {
    const { backend, integrationId } = await setUp();
    const result = await inProcessApi(backend).call('methods.test', {
      integrationId,
      definition: { name: 'x', httpMethod: 'GET', path: '/bearer' },
    });
    expect(result.error?.message).toMatch(/Choose a configuration/);
  });

  it('refuses a variable prefix another integration uses', async () => {
    const { backend } = await setUp();
    const { id } = await inProcessApi(backend).call('integrations.create', {
      details: { name: 'Other', category: 'Other' },
    });
    await expect(
      backend.dispatch('integrations.updateDefinition', { id, definition: { variablePrefix: 'httpbin' } }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'definition.variablePrefix' });
  });
});

describe('{{config.<prefix>.<field>}}', () => {
  it('reads a Secrets-only integration’s values into a request and masks the secret ones', async () => {
    const { backend, integrationId } = await setUp({ type: 'none' });
    const { id: vaultId } = await inProcessApi(backend).call('integrations.create', {
      details: { name: 'OpenAI keys', category: 'AI' },
    });
    await backend.dispatch('integrations.updateDefinition', {
      id: vaultId,
      definition: {
        protocol: 'secrets',
        variablePrefix: 'openai',
        customFields: [
          { name: 'apiKey', label: 'API key', type: 'password' },
          { name: 'org', label: 'Organisation', type: 'text' },
        ],
      },
    });
    await backend.dispatch('configurations.create', {
      integrationId: vaultId,
      name: 'Main',
      values: { org: 'org-acme' },
      secrets: { apiKey: 'sk-config-secret-5150' },
    });
    const result = await inProcessApi(backend).call('methods.test', {
      integrationId,
      definition: {
        name: 'Echo headers',
        httpMethod: 'GET',
        path: '/headers',
        headers: [
          { key: 'Authorization', value: 'Bearer {{config.openai.apiKey}}' },
          { key: 'X-Org', value: '{{config.openai.org}}' },
        ],
        outputs: [{ name: 'org', expression: "$.headers['X-Org']" }],
      },
    });
    expect(result.error).toBeNull();
    expect(result.outputs[0]?.value).toBe('org-acme');
    expect(JSON.stringify(result)).not.toContain('sk-config-secret-5150');
    const echoed = JSON.parse(result.response?.body ?? '{}') as { headers: Record<string, string> };
    expect(echoed.headers.Authorization).toBe('Bearer ••••');
  });

  it('names a config value that does not exist', async () => {
    const { backend, integrationId } = await setUp({ type: 'none' });
    const result = await inProcessApi(backend).call('methods.test', {
      integrationId,
      definition: {
        name: 'x',
        httpMethod: 'GET',
        path: '/get',
        headers: [{ key: 'X-Key', value: '{{config.nope.key}}' }],
      },
    });
    expect(result.error?.message).toBe('Unknown variable "config.nope.key" at position 0');
  });
});
