/**
 * Secrets the HTTP core knows but no authorizer added — a configuration secret or a webhook's
 * credential written into a method's header or query, the configuration's own secrets, the proxy
 * password — through the real core and transport, with two origins on 127.0.0.1: they reach the
 * first origin, follow a redirect within it, and never reach the second origin.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import { createHttpCore } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { configurationOf } from './testSupport/fakeConfiguration';
import { startForwardProxy } from './testSupport/localServers';
import { startTwoOrigins, type SeenRequest, type TwoOrigins } from './testSupport/twoOrigins';

const configSecret = 'config-secret-123456';
/** Needs percent-encoding in a query string: the foreign origin must get neither form. */
const encodedSecret = 'cfg s3cret/+&=9';
const webhookSecret = 'whk-delivery-7e1f0a';
const ownSecret = 'own-api-key-5c3b21';
const proxyPassword = 'proxy-pass-778899';

let origins: TwoOrigins;
let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
const transport = createHttpTransport();
const core = createHttpCore({
  transport,
  recordCall: () => undefined,
  openBrowser: () => Promise.resolve(),
  proxyPassword: () => proxyPassword,
});

beforeAll(async () => {
  origins = await startTwoOrigins();
  proxy = await startForwardProxy();
});
beforeEach(() => {
  origins.reset();
  proxy.relayed.length = 0;
});
afterAll(async () => {
  transport.dispose();
  await origins.close();
  await proxy.close();
});

interface SecretCase {
  headers?: { key: string; value: string }[];
  query?: { key: string; value: string }[];
  variableSecrets?: string[];
  configuration?: Record<string, string>;
  isProxied?: boolean;
  /** The value in clear; the foreign origin must get it in no form. */
  secret: string;
}

const cases: Record<string, SecretCase> = {
  'a configuration secret in a custom header': {
    headers: [{ key: 'X-Token', value: 'T {{config.p.k}}' }],
    variableSecrets: [configSecret],
    secret: configSecret,
  },
  'a configuration secret in a query parameter': {
    query: [{ key: 'sig', value: '{{config.p.k}}' }],
    variableSecrets: [configSecret],
    secret: configSecret,
  },
  'a configuration secret percent-encoded in the query': {
    query: [{ key: 'sig', value: '{{config.p.e}}' }],
    variableSecrets: [encodedSecret],
    secret: encodedSecret,
  },
  "a webhook delivery's credential in a header": {
    headers: [{ key: 'X-Forwarded-Token', value: '{{trigger.body.token}}' }],
    variableSecrets: [webhookSecret],
    secret: webhookSecret,
  },
  "the configuration's own secret in a header": {
    headers: [{ key: 'X-Key', value: '{{key}}' }],
    configuration: { apiKey: ownSecret },
    secret: ownSecret,
  },
  'the proxy password in a header': {
    headers: [{ key: 'X-Proxy-Echo', value: proxyPassword }],
    isProxied: true,
    secret: proxyPassword,
  },
};
const table = Object.entries(cases);

const send = (secretCase: SecretCase, path: string) =>
  core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({
      baseUrl: origins.home.url,
      auth: { type: 'none' },
      behaviour: {
        retry: { maxAttempts: 1 },
        ...(secretCase.isProxied === true ? { proxy: { isEnabled: true, url: proxy.url } } : {}),
      },
    }),
    method: methodDefinitionSchema.parse({
      name: 'm',
      httpMethod: 'POST',
      path,
      headers: [...(secretCase.headers ?? []), { key: 'X-Trace', value: 'trace-1' }],
      query: [...(secretCase.query ?? []), { key: 'page', value: '2' }],
      body: { kind: 'json', text: '{"n":1}' },
    }),
    configuration: configurationOf(secretCase.configuration ?? {}),
    variables: {
      config: { p: { k: configSecret, e: encodedSecret } },
      trigger: { body: { token: webhookSecret } },
      key: ownSecret,
    },
    ...(secretCase.variableSecrets === undefined ? {} : { variableSecrets: secretCase.variableSecrets }),
  });

/** Every form the secret may take on the wire. */
const formsOf = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
];

const carries = (seen: SeenRequest, secret: string) => {
  const text = `${seen.url}\n${JSON.stringify(seen.headers)}`;
  return formsOf(secret).some((form) => text.includes(form));
};

describe.each(['302', '307'])('a %s redirect to another origin', (status) => {
  it.each(table)('does not carry %s', async (_name, secretCase) => {
    const result = await send(secretCase, `/start/${status}`);
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(200);
    const [first] = origins.home.seen;
    const [landed] = origins.foreign.seen;
    if (first === undefined || landed === undefined) throw new Error('The redirect was not followed');
    expect(carries(first, secretCase.secret)).toBe(true);
    expect(carries(landed, secretCase.secret)).toBe(false);
    expect(proxy.relayed.length > 0).toBe(secretCase.isProxied === true);
    // What carries no secret still follows.
    expect(landed.headers['x-trace']).toBe('trace-1');
    expect(new URL(landed.url, 'http://x').searchParams.get('page')).toBe('2');
    expect(landed.body).toBe(status === '307' ? '{"n":1}' : '');
  });
});

describe('a redirect within the origin', () => {
  it.each(table)('still carries %s', async (_name, secretCase) => {
    const result = await send(secretCase, '/same/307');
    expect(result.response?.status).toBe(200);
    const [first, landed] = origins.home.seen;
    if (first === undefined || landed === undefined) throw new Error('The redirect was not followed');
    expect(landed.url.startsWith('/landing')).toBe(true);
    expect(carries(landed, secretCase.secret)).toBe(true);
    expect(landed.headers).toMatchObject(
      Object.fromEntries(
        (secretCase.headers ?? []).map(({ key }) => [key.toLowerCase(), first.headers[key.toLowerCase()]]),
      ),
    );
  });
});

it('records the request with the secret masked, as it was sent to the first origin', async () => {
  const result = await send(cases['a configuration secret in a query parameter'] as SecretCase, '/start/302');
  expect(result.request?.url).toContain('sig=••••');
  expect(JSON.stringify(result.request)).not.toContain(configSecret);
});
