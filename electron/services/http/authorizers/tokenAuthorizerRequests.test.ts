/**
 * OAuth 2.0 and JWT assertion as functions: the request in, the request out, with the token
 * endpoint injected — a scripted one here, so each test sees exactly which grant was asked for
 * and what it answered, without a server. The tests beside each authorizer run the same flows
 * against oauth2-mock-server; the authorization-code flows need the loopback receiver and stay there.
 */
import crypto from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { TokenEndpointClient } from '../authorizer';
import { jwtAssertionAuthorizer, jwtBearerGrantType } from './jwtAssertionAuthorizer';
import { clientBasicCredentials, oauth2Authorizer } from './oauth2Authorizer';
import { preparedRequest, refusedWithCachedToken } from './testSupport/sendPrepared';
import { testContext, type TestContext } from './testSupport/testAuthorizationContext';

const tokenUrl = 'https://idp.example/oauth/token';
const client = { clientId: 'runbook-designer', clientSecret: 'cs-7f6e5d4c3b2a' };
type Answer = Awaited<ReturnType<TokenEndpointClient>>;

/** A token endpoint that gives the scripted answers in turn (then fails the test). */
function scripted(...answers: Answer[]): TokenEndpointClient {
  return () => {
    const answer = answers.shift();
    if (answer === undefined) throw new Error('The token endpoint was asked once too often');
    return Promise.resolve(answer);
  };
}

const issued = (accessToken: string, extra: Record<string, unknown> = {}): Answer => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, ...extra },
});

const formOf = (context: TestContext, index = 0) =>
  Object.fromEntries(new URLSearchParams(context.tokenCalls[index]?.body ?? ''));

const authorizationOf = async (context: TestContext, authorizer = oauth2Authorizer) =>
  (await authorizer.authorize(preparedRequest('https://api.example/me'), context)).headers.authorization;

const oauth2Context = (
  settings: Record<string, unknown>,
  endpoint: TokenEndpointClient,
  credentials = client,
) => testContext({ type: 'oauth2', tokenUrl, ...settings }, credentials, { tokenEndpoint: endpoint });

describe('OAuth 2.0, as a function', () => {
  it('asks for a client-credentials token with Basic client authentication and sends it as Bearer', async () => {
    const context = oauth2Context(
      { grantType: 'client_credentials', scope: 'tickets.read' },
      scripted(issued('at-1')),
    );
    expect(await authorizationOf(context)).toBe('Bearer at-1');
    expect(context.tokenCalls).toHaveLength(1);
    expect(context.tokenCalls[0]?.url).toBe(tokenUrl);
    expect(context.tokenCalls[0]?.headers).toMatchObject({
      authorization: `Basic ${clientBasicCredentials(client.clientId, client.clientSecret)}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(formOf(context)).toEqual({ grant_type: 'client_credentials', scope: 'tickets.read' });
  });

  it('puts the client in the body when asked, and the user for the password grant', async () => {
    const user = { ...client, username: 'ada', password: 'pw-98765' };
    const context = oauth2Context(
      { grantType: 'password', clientAuthentication: 'body' },
      scripted(issued('at-1')),
      user,
    );
    await authorizationOf(context);
    expect(context.tokenCalls[0]?.headers.authorization).toBeUndefined();
    expect(formOf(context)).toEqual({
      grant_type: 'password',
      username: 'ada',
      password: 'pw-98765',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
  });

  it('reuses the cached token until it is near expiry, then refreshes it', async () => {
    const context = oauth2Context(
      { grantType: 'client_credentials' },
      scripted(issued('at-1', { refresh_token: 'rt-1' }), issued('at-2')),
    );
    expect(await authorizationOf(context)).toBe('Bearer at-1');
    expect(await authorizationOf(context)).toBe('Bearer at-1');
    context.advance(3_600_000);
    expect(await authorizationOf(context)).toBe('Bearer at-2');
    expect(formOf(context, 1)).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
    expect(context.tokens.read()?.refreshToken).toBe('rt-1');
  });

  it('forgets a refused refresh token when the new grant brings none', async () => {
    const refused: Answer = { status: 400, headers: {}, body: { error: 'invalid_grant' } };
    const user = { ...client, username: 'ada', password: 'pw-98765' };
    const context = oauth2Context(
      { grantType: 'password' },
      scripted(issued('at-1', { refresh_token: 'rt-1' }), refused, issued('at-2'), issued('at-3')),
      user,
    );
    await authorizationOf(context);
    context.advance(3_600_000);
    expect(await authorizationOf(context)).toBe('Bearer at-2');
    expect(context.tokens.read()?.refreshToken).toBeUndefined();
    context.advance(3_600_000);
    expect(await authorizationOf(context)).toBe('Bearer at-3');
    expect(context.tokenCalls.map((_, index) => formOf(context, index).grant_type)).toEqual([
      'password',
      'refresh_token',
      'password',
      'password',
    ]);
  });

  it('reports a refusal with the endpoint reason, never repeating the client secret', async () => {
    const refusal: Answer = {
      status: 401,
      headers: {},
      body: { error: 'invalid_client', error_description: `bad secret ${client.clientSecret}` },
    };
    const context = oauth2Context({ grantType: 'client_credentials' }, scripted(refusal));
    const failure = authorizationOf(context);
    await expect(failure).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(failure).rejects.toThrow(/invalid_client — bad secret ••••/);
  });

  it('drops the access token after a 401 so the next request gets a new one', async () => {
    const context = oauth2Context(
      { grantType: 'client_credentials' },
      scripted(issued('at-1'), issued('at-2')),
    );
    await authorizationOf(context);
    expect(await oauth2Authorizer.onUnauthorized?.(context, refusedWithCachedToken(context))).toBe(true);
    expect(await authorizationOf(context)).toBe('Bearer at-2');
  });
});

describe('JWT assertion, as a function', () => {
  const secret = 'jwt-shared-secret-0123456789abcdef';
  const jwtContext = (settings: Record<string, unknown>, credentials: Record<string, string>) =>
    testContext(
      {
        type: 'jwtAssertion',
        tokenUrl,
        issuer: 'svc@example',
        subject: 'ada@example',
        audience: tokenUrl,
        ...settings,
      },
      credentials,
      { tokenEndpoint: scripted(issued('at-jwt')) },
    );

  it('exchanges an HS256 assertion with the configured claims for a bearer token', async () => {
    const context = jwtContext(
      { algorithm: 'HS256', keyFormat: 'secret', extraClaims: { role: 'reader' } },
      { signingKey: secret },
    );
    expect(await authorizationOf(context, jwtAssertionAuthorizer)).toBe('Bearer at-jwt');
    const form = formOf(context);
    expect(form.grant_type).toBe(jwtBearerGrantType);
    const { payload } = await jwtVerify(form.assertion ?? '', new TextEncoder().encode(secret), {
      currentDate: new Date(context.now()),
    });
    expect(payload).toMatchObject({ iss: 'svc@example', sub: 'ada@example', aud: tokenUrl, role: 'reader' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  it('signs RS256 with a PEM key and sends the exchange as JSON when asked', async () => {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const context = jwtContext(
      { algorithm: 'RS256', keyFormat: 'pem', exchangeFormat: 'json' },
      { signingKey: pem },
    );
    await authorizationOf(context, jwtAssertionAuthorizer);
    const call = context.tokenCalls[0];
    expect(call?.headers['content-type']).toBe('application/json');
    const { assertion } = JSON.parse(call?.body ?? '{}') as { assertion: string };
    expect(decodeProtectedHeader(assertion).alg).toBe('RS256');
    await expect(
      jwtVerify(assertion, rsa.publicKey, { currentDate: new Date(context.now()) }),
    ).resolves.toBeDefined();
  });

  it('refuses a key format that does not fit the algorithm, on keyFormat', async () => {
    const context = jwtContext({ algorithm: 'RS256', keyFormat: 'secret' }, { signingKey: secret });
    await expect(authorizationOf(context, jwtAssertionAuthorizer)).rejects.toMatchObject({
      field: 'keyFormat',
    });
    expect(context.tokenCalls).toHaveLength(0);
  });
});
