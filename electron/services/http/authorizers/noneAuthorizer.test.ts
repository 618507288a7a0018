/** "None" against python3-httpbin on 127.0.0.1: the request goes out without credentials. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noneAuthorizer } from './noneAuthorizer';
import { startHttpbin, type Httpbin } from '../testSupport/httpbin';
import { preparedRequest, sendPrepared } from './testSupport/sendPrepared';
import { testContext } from './testSupport/testAuthorizationContext';

let httpbin: Httpbin;

beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);

afterAll(async () => {
  await httpbin.stop();
});

describe('none authorizer', () => {
  it('sends the request without an Authorization header', async () => {
    const request = preparedRequest(`${httpbin.url}/headers`, { headers: { accept: 'application/json' } });
    const authorized = await noneAuthorizer.authorize(request, testContext({ type: 'none' }, {}));
    expect(authorized).toEqual(request);
    const response = await sendPrepared(authorized);
    expect(response.status).toBe(200);
    expect((response.json as { headers: Record<string, string> }).headers.Authorization).toBeUndefined();
  });

  it('is refused by an endpoint that needs a token', async () => {
    const request = preparedRequest(`${httpbin.url}/bearer`);
    const response = await sendPrepared(
      await noneAuthorizer.authorize(request, testContext({ type: 'none' }, {})),
    );
    expect(response.status).toBe(401);
  });

  it('has nothing to mask', () => {
    expect(noneAuthorizer.secretsOf(testContext({ type: 'none' }, {}))).toEqual([]);
  });
});
