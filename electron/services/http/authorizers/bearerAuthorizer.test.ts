/** Bearer token against python3-httpbin's /bearer on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerAuthorizer } from './bearerAuthorizer';
import { startHttpbin, type Httpbin } from '../testSupport/httpbin';
import { preparedRequest, sendPrepared } from './testSupport/sendPrepared';
import { testContext } from './testSupport/testAuthorizationContext';

const token = 'tok-0a1b2c3d4e5f';
let httpbin: Httpbin;

beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);

afterAll(async () => {
  await httpbin.stop();
});

describe('bearer authorizer', () => {
  it('passes /bearer with the configured token', async () => {
    const context = testContext({ type: 'bearer' }, { token });
    const response = await sendPrepared(
      await bearerAuthorizer.authorize(preparedRequest(`${httpbin.url}/bearer`), context),
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ authenticated: true, token });
  });

  it('names the missing token instead of sending the request without it', async () => {
    const context = testContext({ type: 'bearer' }, {});
    await expect(
      bearerAuthorizer.authorize(preparedRequest(`${httpbin.url}/bearer`), context),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'token',
    });
  });

  it('lists the token for masking', () => {
    expect(bearerAuthorizer.secretsOf(testContext({ type: 'bearer' }, { token }))).toEqual([token]);
  });
});
