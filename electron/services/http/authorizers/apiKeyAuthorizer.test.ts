/** API key against python3-httpbin on 127.0.0.1: httpbin echoes the header or query parameter it got. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuthorizer } from './apiKeyAuthorizer';
import { startHttpbin, type Httpbin } from '../testSupport/httpbin';
import { preparedRequest, sendPrepared } from './testSupport/sendPrepared';
import { testContext } from './testSupport/testAuthorizationContext';

const apiKey = 'key-9f8e7d6c5b4a';
let httpbin: Httpbin;

beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);

afterAll(async () => {
  await httpbin.stop();
});

describe('API key authorizer', () => {
  it('sends the key in the header named by the settings', async () => {
    const context = testContext({ type: 'apiKey', name: 'X-Api-Key', placement: 'header' }, { apiKey });
    const authorized = await apiKeyAuthorizer.authorize(preparedRequest(`${httpbin.url}/headers`), context);
    const response = await sendPrepared(authorized);
    expect(response.status).toBe(200);
    expect((response.json as { headers: Record<string, string> }).headers['X-Api-Key']).toBe(apiKey);
  });

  it('sends the key as a query parameter and keeps the query the request had', async () => {
    const context = testContext({ type: 'apiKey', name: 'api_key', placement: 'query' }, { apiKey });
    const request = preparedRequest(`${httpbin.url}/get?x=1`);
    const authorized = await apiKeyAuthorizer.authorize(request, context);
    expect(request.url.search).toBe('?x=1');
    const response = await sendPrepared(authorized);
    expect((response.json as { args: Record<string, string> }).args).toEqual({ x: '1', api_key: apiKey });
  });

  it('names the missing credential', async () => {
    const context = testContext({ type: 'apiKey', name: 'X-Api-Key' }, {});
    await expect(
      apiKeyAuthorizer.authorize(preparedRequest(`${httpbin.url}/get`), context),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'apiKey',
      message: expect.stringContaining('"apiKey"') as unknown,
    });
  });

  it('lists the key for masking', () => {
    expect(apiKeyAuthorizer.secretsOf(testContext({ type: 'apiKey', name: 'k' }, { apiKey }))).toEqual([
      apiKey,
    ]);
  });
});
