/**
 * Output variables read from an answer that carries a configuration secret, through the real
 * HTTP core and transport: every secret is masked, and a secret that is also a piece of JSON
 * (a PIN "2024" in {"year":2024}) neither breaks the outputs nor turns a sent request into one
 * reported as not sent.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import { createHttpCore } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { configurationOf } from './testSupport/fakeConfiguration';
import { listen, type LocalServer } from './testSupport/localServers';

const answer = {
  items: [{ year: 2024, id: 12024, note: 'PIN 2024 accepted', isTrue: true }],
  count: 1,
  byKey: { 'pin-2024': 'yes' },
};
let received = 0;
let api: LocalServer;
const calls: ApiCallRecord[] = [];
const transport = createHttpTransport();
const core = createHttpCore({
  transport,
  recordCall: (call) => calls.push(call),
  openBrowser: () => Promise.resolve(),
});

beforeAll(async () => {
  api = await listen(
    http.createServer((request, response) => {
      received += 1;
      request.resume();
      request.on('end', () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
      );
    }),
  );
});
afterAll(async () => {
  transport.dispose();
  await api.close();
});

const input = () => ({
  integrationId: 'i1',
  methodId: 'm1',
  integration: integrationDefinitionSchema.parse({
    baseUrl: api.url,
    behaviour: { retry: { maxAttempts: 1 } },
  }),
  method: methodDefinitionSchema.parse({
    name: 'm',
    httpMethod: 'POST',
    path: '/orders',
    outputs: [
      { name: 'items', expression: '$.items' },
      { name: 'count', expression: '$.count' },
      { name: 'byKey', expression: '$.byKey' },
    ],
  }),
  variables: {},
});

describe('a configuration secret that is also a piece of JSON', () => {
  it('is masked in the outputs of the request that was sent, which is reported as answered', async () => {
    const configuration = configurationOf({ token: 'tok-0f1e2d3c', pin: '2024' });
    const result = await core.send({ ...input(), configuration });
    expect(received).toBe(1);
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(200);
    expect(Object.fromEntries(result.outputs.map((output) => [output.name, output.value]))).toEqual({
      items: [{ year: '••••', id: '1••••', note: 'PIN •••• accepted', isTrue: true }],
      count: 1,
      byKey: { 'pin-••••': 'yes' },
    });
    expect(calls.map((call) => [call.status, call.error])).toEqual([[200, null]]);
  });

  it('is masked the same way in the outputs read from a recorded answer', () => {
    const configuration = configurationOf({ pin: '2024' });
    const outputs = core.answer(
      { ...input(), configuration },
      {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'application/json' },
        contentType: 'application/json',
        body: JSON.stringify(answer),
        isBodyTruncated: false,
        size: JSON.stringify(answer).length,
      },
    );
    expect(outputs.map((output) => output.value)).toEqual([
      [{ year: '••••', id: '1••••', note: 'PIN •••• accepted', isTrue: true }],
      1,
      { 'pin-••••': 'yes' },
    ]);
  });
});
