/**
 * A cached OAuth 2.0 token replaced while a request that carries it is out, through the real
 * HTTP core and transport against a token endpoint and an API on 127.0.0.1: the token the
 * request was sent with stays masked in its result after Clear tokens, and two requests refused
 * with the same token renew it once and both go through.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authSettingsSchema } from '../../../shared/auth/authTypeRegistry';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import { createHttpCore } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { tokenSlotOf } from './tokenSlot';
import { bodyOf, listenOnLoopback, type LocalServer } from './authorizers/testSupport/localServer';
import { configurationOf } from './testSupport/fakeConfiguration';

/** Tokens the endpoint issued; tokens the API refuses (as if revoked). */
let issued: string[] = [];
let revoked = new Set<string>();
/** The next requests to /held (as many as asked) wait here until the test lets them go. */
let held: (() => void)[] = [];
let toHold = 0;
let onHeld: () => void = () => undefined;
let api: LocalServer;
const transport = createHttpTransport();
const core = createHttpCore({ transport, recordCall: () => undefined, openBrowser: () => Promise.resolve() });

function answer(request: http.IncomingMessage, response: http.ServerResponse): void {
  if (request.url === '/token') {
    const token = `at-${crypto.randomUUID()}`;
    issued.push(token);
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    return;
  }
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const isAccepted = issued.includes(token) && !revoked.has(token);
  // The API tells which token it got, as some introspection and error answers do.
  response
    .writeHead(isAccepted ? 200 : 401, { 'content-type': 'application/json' })
    .end(JSON.stringify({ youSent: token }));
}

beforeAll(async () => {
  api = await listenOnLoopback(
    http.createServer((request, response) => {
      void bodyOf(request).then(() => {
        if (request.url !== '/held' || toHold === 0) {
          answer(request, response);
          return;
        }
        toHold -= 1;
        held.push(() => answer(request, response));
        onHeld();
      });
    }),
  );
});

beforeEach(() => {
  issued = [];
  revoked = new Set();
  held = [];
  toHold = 0;
});

afterAll(async () => {
  transport.dispose();
  await api.close();
});

/** Resolves once `count` requests are held at /held. */
const heldRequests = (count: number) =>
  new Promise<void>((resolve) => {
    toHold = count;
    onHeld = () => {
      if (held.length >= count) resolve();
    };
  });

const auth = () =>
  authSettingsSchema.parse({ type: 'oauth2', grantType: 'client_credentials', tokenUrl: `${api.url}/token` });

const send = (configuration: ReturnType<typeof configurationOf>, path: string) =>
  core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({
      baseUrl: api.url,
      auth: auth(),
      behaviour: { retry: { maxAttempts: 1 } },
    }),
    method: methodDefinitionSchema.parse({
      name: 'm',
      httpMethod: 'GET',
      path,
      outputs: [{ name: 'sent', expression: '$.youSent' }],
    }),
    configuration,
    variables: {},
  });

/** A configuration whose token cache requests share, as a stored configuration's. */
function sharedConfiguration() {
  const configuration = configurationOf({ clientId: 'runbook', clientSecret: 'cs-123456' });
  const key = crypto.randomUUID();
  const slot = (name: string) => ({ ...configuration.tokens.slot(name), key: `${key}:${name}` });
  return { ...configuration, tokens: { slot } };
}

describe('a token replaced while a request carries it', () => {
  it('stays masked in the result when the tokens are cleared before the answer', async () => {
    const configuration = sharedConfiguration();
    const arrived = heldRequests(1);
    const sending = send(configuration, '/held');
    await arrived;
    configuration.tokens.slot(tokenSlotOf(auth())).clear();
    held.forEach((release) => release());
    const result = await sending;
    expect(result.response?.status).toBe(200);
    expect(issued).toHaveLength(1);
    expect(JSON.stringify(result)).not.toContain(issued[0]);
    expect(result.outputs[0]?.value).toBe('••••');
  });

  it('is renewed once for two requests refused with it, and both go through', async () => {
    const configuration = sharedConfiguration();
    await send(configuration, '/me');
    revoked.add(issued[0] ?? '');
    const arrived = heldRequests(2);
    const sending = Promise.all([send(configuration, '/held'), send(configuration, '/held')]);
    await arrived;
    held.forEach((release) => release());
    const results = await sending;
    expect(results.map((result) => result.response?.status)).toEqual([200, 200]);
    expect(results.map((result) => result.attempts)).toEqual([2, 2]);
    expect(issued).toHaveLength(2);
  });
});
