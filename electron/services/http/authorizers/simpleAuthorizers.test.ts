/** None, API key, bearer and basic against Debian's python3-httpbin on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSettings } from '../../../../shared/domain/authorization';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { createHttpCore } from '../httpCore';
import { createHttpTransport } from '../httpTransport';
import { configurationOf } from '../testSupport/fakeConfiguration';
import { startHttpbin, type Httpbin } from '../testSupport/httpbin';

let httpbin: Httpbin;
const transport = createHttpTransport();
const core = createHttpCore({ transport, recordCall: () => undefined, openBrowser: () => Promise.resolve() });

beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);

afterAll(async () => {
  transport.dispose();
  await httpbin.stop();
});

async function send(auth: AuthSettings, path: string, credentials: Record<string, string>) {
  return core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({ baseUrl: httpbin.url, auth }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET', path }),
    configuration: configurationOf(credentials),
    variables: {},
  });
}

const bodyOf = (result: Awaited<ReturnType<typeof send>>) =>
  JSON.parse(result.response?.body ?? 'null') as Record<string, unknown>;

describe('simple authorization against httpbin', () => {
  it('sends no credentials with "none"', async () => {
    const result = await send({ type: 'none' }, '/headers', {});
    expect(result.response?.status).toBe(200);
    expect((bodyOf(result).headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('passes /bearer with a bearer token', async () => {
    const result = await send({ type: 'bearer' }, '/bearer', { token: 'tok-123456' });
    expect(result.response?.status).toBe(200);
    expect(bodyOf(result)).toMatchObject({ authenticated: true, token: '••••' });
  });

  it('is refused by /bearer without a token header', async () => {
    const result = await send({ type: 'none' }, '/bearer', {});
    expect(result.response?.status).toBe(401);
  });

  it('passes /basic-auth with the right user and password', async () => {
    const result = await send({ type: 'basic' }, '/basic-auth/ada/s3cret-pw', {
      username: 'ada',
      password: 's3cret-pw',
    });
    expect(result.response?.status).toBe(200);
    expect(bodyOf(result)).toMatchObject({ authenticated: true, user: 'ada' });
  });

  it('is refused by /basic-auth with a wrong password', async () => {
    const result = await send({ type: 'basic' }, '/basic-auth/ada/s3cret-pw', {
      username: 'ada',
      password: 'wrong-pw',
    });
    expect(result.response?.status).toBe(401);
  });

  it('sends an API key in a header', async () => {
    const result = await send({ type: 'apiKey', name: 'X-Api-Key', placement: 'header' }, '/headers', {
      apiKey: 'key-987654',
    });
    expect(result.response?.status).toBe(200);
    // httpbin echoes the header; the result shows it masked.
    expect((bodyOf(result).headers as Record<string, string>)['X-Api-Key']).toBe('••••');
  });

  it('sends an API key as a query parameter', async () => {
    const result = await send({ type: 'apiKey', name: 'api_key', placement: 'query' }, '/get?x=1', {
      apiKey: 'key-987654',
    });
    expect(bodyOf(result).args).toEqual({ x: '1', api_key: '••••' });
    expect(result.request?.url).toMatch(/api_key=••••/);
  });

  it('says which credential is missing', async () => {
    const result = await send({ type: 'bearer' }, '/bearer', {});
    expect(result.error?.message).toBe('The configuration has no "token".');
  });
});
