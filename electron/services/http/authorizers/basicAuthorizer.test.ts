/** Basic authentication against python3-httpbin's /basic-auth/<user>/<password> on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthorizer } from './basicAuthorizer';
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

const send = async (credentials: Record<string, string>) =>
  sendPrepared(
    await basicAuthorizer.authorize(
      preparedRequest(`${httpbin.url}/basic-auth/ada.lovelace/s3cret-pw`),
      testContext({ type: 'basic' }, credentials),
    ),
  );

describe('basic authorizer', () => {
  it('passes /basic-auth with the right user and password', async () => {
    const response = await send({ username: 'ada.lovelace', password: 's3cret-pw' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ authenticated: true, user: 'ada.lovelace' });
  });

  it('is refused with a wrong password', async () => {
    expect((await send({ username: 'ada.lovelace', password: 'wrong-pw' })).status).toBe(401);
  });

  it('names the missing password', async () => {
    await expect(send({ username: 'ada.lovelace' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'password',
      message: expect.stringContaining('"password"') as unknown,
    });
  });

  it('lists the password and the encoded pair for masking', () => {
    const context = testContext({ type: 'basic' }, { username: 'ada.lovelace', password: 's3cret-pw' });
    expect(basicAuthorizer.secretsOf(context)).toEqual(
      expect.arrayContaining(['s3cret-pw', Buffer.from('ada.lovelace:s3cret-pw').toString('base64')]),
    );
  });
});
