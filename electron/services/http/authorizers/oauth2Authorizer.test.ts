/**
 * OAuth 2.0 client credentials and password grants against oauth2-mock-server on 127.0.0.1:
 * client authentication, caching, expiry, refresh, re-request after a 401, refusals. The
 * authorization-code flows are in oauth2AuthorizationCode.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientBasicCredentials, oauth2Authorizer } from './oauth2Authorizer';
import { startOAuth2TestIssuer, type OAuth2TestIssuer } from './testSupport/oauth2TestIssuer';
import { preparedRequest, refusedWithCachedToken, sendPrepared } from './testSupport/sendPrepared';
import { testContext, type TestContext } from './testSupport/testAuthorizationContext';

const client = { clientId: 'runbook-designer', clientSecret: 'cs-7f6e5d4c3b2a' };
const user = { ...client, username: 'ada.lovelace', password: 'pw-98765-xyz' };
let issuer: OAuth2TestIssuer;

beforeAll(async () => {
  issuer = await startOAuth2TestIssuer();
});

beforeEach(() => {
  issuer.reset();
});

afterAll(async () => {
  await issuer.stop();
});

const contextFor = (settings: Record<string, unknown>, credentials: Record<string, string> = client) =>
  testContext({ type: 'oauth2', tokenUrl: issuer.tokenUrl, ...settings }, credentials);

const callApi = async (context: TestContext) =>
  sendPrepared(await oauth2Authorizer.authorize(preparedRequest(`${issuer.apiUrl}/me`), context));

const grantTypes = () => issuer.tokenRequests.map((request) => request.grant_type);

describe('OAuth 2.0 client credentials', () => {
  it('authenticates the client with Basic, sends scope and audience, and reuses the cached token', async () => {
    const context = contextFor({
      grantType: 'client_credentials',
      scope: 'tickets.read',
      audience: 'https://api.example',
    });
    expect((await callApi(context)).status).toBe(200);
    expect((await callApi(context)).status).toBe(200);
    expect(issuer.tokenRequests).toHaveLength(1);
    expect(issuer.tokenRequests[0]).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'tickets.read',
      audience: 'https://api.example',
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
    });
    expect(issuer.tokenRequests[0]?.client_secret).toBeUndefined();
  });

  it('form-encodes the client id and secret before Basic encoding (RFC 6749 §2.3.1)', async () => {
    await callApi(
      contextFor({ grantType: 'client_credentials' }, { clientId: 'svc:one', clientSecret: 'p@ss word+%' }),
    );
    const basic = issuer.tokenRequests[0]?.authorization?.replace(/^Basic /, '') ?? '';
    expect(Buffer.from(basic, 'base64').toString()).toBe('svc%3Aone:p%40ss+word%2B%25');
    expect(clientBasicCredentials('svc:one', 'p@ss word+%')).toBe(basic);
  });

  it('sends the client id and secret in the body when configured so', async () => {
    await callApi(contextFor({ grantType: 'client_credentials', clientAuthentication: 'body' }));
    expect(issuer.tokenRequests[0]).toMatchObject({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      authorization: '',
    });
  });

  it('uses the default expiry, less 30 s, for a token without expires_in', async () => {
    issuer.omitNextExpiry();
    const context = contextFor({ grantType: 'client_credentials', defaultExpirySeconds: 600 });
    await callApi(context);
    expect(context.tokens.read()?.expiresAt).toBe(context.now() + 600_000);
    context.advance(560_000);
    await callApi(context);
    expect(issuer.tokenRequests).toHaveLength(1);
    context.advance(15_000); // 25 s before expiry: inside the skew
    await callApi(context);
    expect(issuer.tokenRequests).toHaveLength(2);
  });

  it('asks for a new token after a 401, once', async () => {
    const context = contextFor({ grantType: 'client_credentials' });
    await callApi(context);
    issuer.revoked.add(context.tokens.read()?.accessToken ?? '');
    expect((await callApi(context)).status).toBe(401);
    expect(await oauth2Authorizer.onUnauthorized?.(context, refusedWithCachedToken(context))).toBe(true);
    expect((await callApi(context)).status).toBe(200);
    expect(issuer.tokenRequests).toHaveLength(2);
  });

  it('leaves a token renewed since alone when another request refused with the old one comes back', async () => {
    const context = contextFor({ grantType: 'client_credentials' });
    await callApi(context);
    const refused = refusedWithCachedToken(context);
    expect(await oauth2Authorizer.onUnauthorized?.(context, refused)).toBe(true);
    await callApi(context);
    const renewed = context.tokens.read()?.accessToken;
    expect(await oauth2Authorizer.onUnauthorized?.(context, refused)).toBe(true);
    expect(context.tokens.read()?.accessToken).toBe(renewed);
    expect((await callApi(context)).status).toBe(200);
    expect(issuer.tokenRequests).toHaveLength(2);
  });

  it('does not retry a 401 to a request that carried no token', async () => {
    const context = contextFor({ grantType: 'client_credentials' });
    await callApi(context);
    expect(await oauth2Authorizer.onUnauthorized?.(context, preparedRequest(`${issuer.apiUrl}/me`))).toBe(
      false,
    );
    expect(context.tokens.read()?.accessToken).not.toBe('');
  });

  it('asks for a new token after the tokens are cleared', async () => {
    const context = contextFor({ grantType: 'client_credentials' });
    await callApi(context);
    context.tokens.clear();
    await callApi(context);
    expect(issuer.tokenRequests).toHaveLength(2);
  });

  it('reports invalid_client readably and without the secret, even when the endpoint echoes it', async () => {
    issuer.refuseNextToken(
      { error: 'invalid_client', error_description: `Unknown secret ${client.clientSecret}` },
      401,
    );
    const error = (await callApi(contextFor({ grantType: 'client_credentials' })).catch(
      (caught: unknown) => caught,
    )) as Error & { code: string };
    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(
      /refused the request \(HTTP 401\): invalid_client — Unknown secret ••••\.$/,
    );
    expect(error.message).not.toContain(client.clientSecret);
  });

  it('names a missing client secret', async () => {
    const context = contextFor({ grantType: 'client_credentials' }, { clientId: 'runbook-designer' });
    await expect(callApi(context)).rejects.toMatchObject({ code: 'invalid_input', field: 'clientSecret' });
  });
});

describe('requests that need a token at the same moment', () => {
  const shared = (key: string, signal?: AbortSignal) =>
    testContext({ type: 'oauth2', tokenUrl: issuer.tokenUrl, grantType: 'password' }, user, {
      tokenKey: key,
      ...(signal === undefined ? {} : { signal }),
    });

  it('share one grant when they share a configuration', async () => {
    const context = shared('configuration-1');
    const answers = await Promise.all([callApi(context), callApi(context), callApi(context)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(grantTypes()).toEqual(['password']);
  });

  it('share one refresh, so a rotating refresh token is used once', async () => {
    const context = shared('configuration-2');
    await callApi(context);
    context.advance(3600_000);
    await Promise.all([callApi(context), callApi(context)]);
    expect(grantTypes()).toEqual(['password', 'refresh_token']);
  });

  it('do not wait for another configuration', async () => {
    await Promise.all([callApi(shared('configuration-3')), callApi(shared('configuration-4'))]);
    expect(grantTypes()).toEqual(['password', 'password']);
  });

  it('start their own grant when the one they waited for was cancelled', async () => {
    const cancelled = new AbortController();
    const first = shared('configuration-5', cancelled.signal);
    const second = shared('configuration-5');
    // The first request's grant fails as its run is cancelled; the second must still get a token.
    first.tokenEndpoint = async () => {
      cancelled.abort();
      await Promise.resolve();
      throw Object.assign(new Error('cancelled'), { code: 'ABORTED' });
    };
    const [firstAnswer, secondAnswer] = await Promise.allSettled([callApi(first), callApi(second)]);
    expect(firstAnswer.status).toBe('rejected');
    expect(secondAnswer).toMatchObject({ status: 'fulfilled', value: { status: 200 } });
  });
});

describe('OAuth 2.0 password grant', () => {
  it('gets a token for the user', async () => {
    const response = await callApi(contextFor({ grantType: 'password', scope: 'openid' }, user));
    expect(response.json).toEqual({ sub: 'ada.lovelace' });
    expect(issuer.tokenRequests[0]).toMatchObject({
      grant_type: 'password',
      username: 'ada.lovelace',
      password: 'pw-98765-xyz',
    });
  });

  it('renews an expired token with the refresh token', async () => {
    const context = contextFor({ grantType: 'password' }, user);
    await callApi(context);
    const refreshToken = context.tokens.read()?.refreshToken;
    context.advance(3600_000);
    expect((await callApi(context)).status).toBe(200);
    expect(grantTypes()).toEqual(['password', 'refresh_token']);
    expect(issuer.tokenRequests[1]?.refresh_token).toBe(refreshToken);
  });

  it('falls back to a new grant when the refresh token is refused', async () => {
    const context = contextFor({ grantType: 'password' }, user);
    await callApi(context);
    context.advance(3600_000);
    issuer.refuseNextToken({ error: 'invalid_grant', error_description: 'Refresh token expired' });
    expect((await callApi(context)).status).toBe(200);
    expect(grantTypes()).toEqual(['password', 'refresh_token', 'password']);
  });

  it('refreshes after a 401 when it has a refresh token', async () => {
    const context = contextFor({ grantType: 'password' }, user);
    await callApi(context);
    expect(await oauth2Authorizer.onUnauthorized?.(context, refusedWithCachedToken(context))).toBe(true);
    await callApi(context);
    expect(grantTypes()).toEqual(['password', 'refresh_token']);
  });

  it('names a missing password', async () => {
    const context = contextFor({ grantType: 'password' }, { ...client, username: 'ada.lovelace' });
    await expect(callApi(context)).rejects.toMatchObject({ code: 'invalid_input', field: 'password' });
  });

  it('lists the secrets and the tokens for masking', async () => {
    const context = contextFor({ grantType: 'password' }, user);
    await callApi(context);
    const cached = context.tokens.read();
    expect(oauth2Authorizer.secretsOf(context)).toEqual(
      expect.arrayContaining([
        client.clientSecret,
        user.password,
        clientBasicCredentials(client.clientId, client.clientSecret),
        cached?.accessToken,
        cached?.refreshToken,
      ]),
    );
  });
});
