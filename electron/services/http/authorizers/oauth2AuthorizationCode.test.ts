/**
 * OAuth 2.0 authorization code, with and without PKCE, against oauth2-mock-server on 127.0.0.1:
 * the test browser follows the authorize redirect to the loopback receiver; the mock checks the
 * PKCE verifier against the challenge it was given.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oauth2Authorizer } from './oauth2Authorizer';
import { startOAuth2TestIssuer, type OAuth2TestIssuer } from './testSupport/oauth2TestIssuer';
import { preparedRequest, sendPrepared } from './testSupport/sendPrepared';
import { testContext, type TestContext } from './testSupport/testAuthorizationContext';

const client = { clientId: 'runbook-designer', clientSecret: 'cs-7f6e5d4c3b2a' };
const publicClient = { clientId: 'runbook-designer' };
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

function contextFor(
  settings: Record<string, unknown>,
  credentials: Record<string, string>,
  openBrowser = issuer.browser(),
): TestContext {
  return testContext(
    { type: 'oauth2', tokenUrl: issuer.tokenUrl, authorizeUrl: issuer.authorizeUrl, ...settings },
    credentials,
    { openBrowser },
  );
}

const callApi = async (context: TestContext) =>
  sendPrepared(await oauth2Authorizer.authorize(preparedRequest(`${issuer.apiUrl}/me`), context));

describe('OAuth 2.0 authorization code', () => {
  it('signs in through the browser and the loopback redirect', async () => {
    const context = contextFor({ grantType: 'authorization_code', scope: 'openid tickets' }, client);
    expect((await callApi(context)).json).toEqual({ sub: 'johndoe' });
    const authorize = issuer.authorizeRequests[0];
    expect(authorize).toMatchObject({
      response_type: 'code',
      client_id: client.clientId,
      scope: 'openid tickets',
    });
    expect(authorize?.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(authorize?.code_challenge).toBeUndefined();
    expect(issuer.tokenRequests[0]).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: authorize?.redirect_uri,
    });
    expect(issuer.tokenRequests[0]?.authorization).toMatch(/^Basic /);
    expect(issuer.tokenRequests[0]?.code_verifier).toBeUndefined();
    expect(issuer.browserPages[0]).toContain('You can close this window');
  });

  it('uses PKCE with S256 for a public client', async () => {
    const context = contextFor({ grantType: 'authorization_code_pkce' }, publicClient);
    expect((await callApi(context)).status).toBe(200);
    const verifier = issuer.tokenRequests[0]?.code_verifier ?? '';
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issuer.authorizeRequests[0]).toMatchObject({
      code_challenge_method: 'S256',
      code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url'),
    });
    expect(issuer.tokenRequests[0]).toMatchObject({ client_id: client.clientId, authorization: '' });
    expect(context.tokens.read()?.refreshToken).toBeDefined();
  });

  it('is refused by the server when the code challenge does not match the verifier', async () => {
    const tampered = issuer.browser({
      authorize: (url) => url.searchParams.set('code_challenge', 'A'.repeat(43)),
    });
    const context = contextFor({ grantType: 'authorization_code_pkce' }, publicClient, tampered);
    await expect(callApi(context)).rejects.toThrow(/code_verifier provided does not match code_challenge/);
  });

  it('never repeats the code or the PKCE verifier a refusal echoes: together they get a token', async () => {
    issuer.refuseNextToken((fields) => ({
      error: 'invalid_grant',
      error_description: `code ${fields.code ?? ''} with verifier ${fields.code_verifier ?? ''} expired`,
    }));
    const context = contextFor({ grantType: 'authorization_code_pkce' }, publicClient);
    const error = (await callApi(context).catch((caught: unknown) => caught)) as Error;
    const { code = '', code_verifier: verifier = '' } = issuer.tokenRequests[0] ?? {};
    expect(code).not.toBe('');
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(error.message).toContain('code •••• with verifier •••• expired');
    expect(error.message).not.toContain(code);
    expect(error.message).not.toContain(verifier);
  });

  it('refuses a redirect whose state differs from the one sent', async () => {
    const forged = issuer.browser({ redirect: (url) => url.searchParams.set('state', 'forged') });
    const context = contextFor({ grantType: 'authorization_code_pkce' }, publicClient, forged);
    await expect(callApi(context)).rejects.toThrow(/state differs/);
    expect(issuer.tokenRequests).toHaveLength(0);
  });

  it('renews with the refresh token instead of opening the browser again', async () => {
    const context = contextFor({ grantType: 'authorization_code_pkce' }, publicClient);
    await callApi(context);
    context.advance(2 * 3600_000);
    expect((await callApi(context)).status).toBe(200);
    expect(issuer.tokenRequests.map((request) => request.grant_type)).toEqual([
      'authorization_code',
      'refresh_token',
    ]);
    expect(issuer.authorizeRequests).toHaveLength(1);
  });

  it('stops waiting for the browser when the request is cancelled', async () => {
    const controller = new AbortController();
    const context = testContext(
      {
        type: 'oauth2',
        grantType: 'authorization_code_pkce',
        tokenUrl: issuer.tokenUrl,
        authorizeUrl: issuer.authorizeUrl,
      },
      publicClient,
      { signal: controller.signal, openBrowser: () => Promise.resolve(controller.abort()) },
    );
    await expect(callApi(context)).rejects.toThrow('The sign-in was cancelled.');
  });

  it('names a missing authorize URL', async () => {
    const context = contextFor({ grantType: 'authorization_code', authorizeUrl: '' }, client);
    await expect(callApi(context)).rejects.toMatchObject({ code: 'invalid_input', field: 'authorizeUrl' });
  });
});
