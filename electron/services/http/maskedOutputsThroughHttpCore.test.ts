/**
 * Output variables read from an answer that carries a configuration secret, through the real
 * HTTP core and transport: every secret is masked, and a secret that is also a piece of JSON
 * (a PIN "2024" in {"year":2024}) neither breaks the outputs nor turns a sent request into one
 * reported as not sent.
 */
import { describe, expect, it } from 'vitest';
import { coreTestBed, localServer, sendInput } from './testSupport/coreTestBed';
import { configurationOf } from './testSupport/fakeConfiguration';

const answer = {
  items: [{ year: 2024, id: 12024, note: 'PIN 2024 accepted', isTrue: true }],
  count: 1,
  byKey: { 'pin-2024': 'yes' },
};
let received = 0;
const { core, calls, server } = coreTestBed(
  localServer((request, response) => {
    received += 1;
    request.resume();
    request.on('end', () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
    );
  }),
);

const input = (configuration: ReturnType<typeof configurationOf>) =>
  sendInput(
    { baseUrl: server().url, behaviour: { retry: { maxAttempts: 1 } } },
    {
      name: 'm',
      httpMethod: 'POST',
      path: '/orders',
      outputs: [
        { name: 'items', expression: '$.items' },
        { name: 'count', expression: '$.count' },
        { name: 'byKey', expression: '$.byKey' },
      ],
    },
    { configuration },
  );

describe('a configuration secret that is also a piece of JSON', () => {
  it('is masked in the outputs of the request that was sent, which is reported as answered', async () => {
    const configuration = configurationOf({ token: 'tok-0f1e2d3c', pin: '2024' });
    const result = await core.send(input(configuration));
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
    const outputs = core.answer(input(configuration), {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json' },
      contentType: 'application/json',
      body: JSON.stringify(answer),
      isBodyTruncated: false,
      size: JSON.stringify(answer).length,
    });
    expect(outputs.map((output) => output.value)).toEqual([
      [{ year: '••••', id: '1••••', note: 'PIN •••• accepted', isTrue: true }],
      1,
      { 'pin-••••': 'yes' },
    ]);
  });
});
