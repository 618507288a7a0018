/**
 * Secrets an API echoes re-encoded in its own way, through the real HTTP core and transport
 * against python3-httpbin on 127.0.0.1, whose /anything answers with the address it got
 * (werkzeug writes "+" and "/" back unescaped, "=" as %3D): a base64 key is shown and
 * recorded in no form, in the response, the outputs or the call log.
 */
import { describe, expect, it } from 'vitest';
import { coreTestBed, httpbinServer, sendInput } from './testSupport/coreTestBed';
import { configurationOf } from './testSupport/fakeConfiguration';

/** A standard-base64 key, as storage and cloud APIs issue them: "+", "/" and "=" in it. */
const apiKey = 'c2VjcmV0LWtleQ+Zm9v/YmFy9w==';
/** Pieces of the key that no mask leaves: none may show anywhere. */
const pieces = ['c2VjcmV0LWtleQ', 'Zm9v', 'YmFy9w'];

const { core, calls, server } = coreTestBed(httpbinServer);

const send = (auth: Record<string, unknown>, path: string) =>
  core.send(
    sendInput(
      { baseUrl: server().url, auth },
      { name: 'm', httpMethod: 'GET', path, outputs: [{ name: 'address', expression: '$.url' }] },
      { configuration: configurationOf({ apiKey }), variables: { key: apiKey } },
    ),
  );

describe('a base64 key echoed back in the address httpbin got', () => {
  it('shows in no form when the API key authorizer put it in the query', async () => {
    const result = await send({ type: 'apiKey', name: 'api_key', placement: 'query' }, '/anything');
    expect(result.response?.status).toBe(200);
    expect(result.response?.body).toContain('api_key=••••');
    const shown = JSON.stringify({ result, calls });
    for (const piece of pieces) expect(shown).not.toContain(piece);
  });

  it('shows in no form when the method put it in the path', async () => {
    const result = await send({ type: 'none' }, '/anything/{key}');
    expect(result.response?.status).toBe(200);
    expect(result.outputs[0]?.value).toBe(`${server().url}/anything/••••`);
    const shown = JSON.stringify({ result, calls });
    for (const piece of pieces) expect(shown).not.toContain(piece);
  });
});
