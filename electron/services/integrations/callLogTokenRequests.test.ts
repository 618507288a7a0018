/**
 * A token request is a call of the integration too: the call log shows it beside the call it
 * authorized (a Test here), with the token endpoint's status, or the reason it got none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startOAuth2TestIssuer,
  type OAuth2TestIssuer,
} from '../http/authorizers/testSupport/oauth2TestIssuer';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

let issuer: OAuth2TestIssuer;
beforeAll(async () => {
  issuer = await startOAuth2TestIssuer();
});
afterAll(() => issuer.stop());

/** An OAuth 2.0 (client credentials) integration against the test issuer, and its configuration. */
async function tokensIntegration(tokenUrl: string) {
  const backend = startBackend();
  const { call } = inProcessApi(backend);
  const { id } = await call('integrations.create', { details: { name: 'Tokens', category: 'Other' } });
  await call('integrations.updateDefinition', {
    id,
    definition: {
      baseUrl: issuer.apiUrl,
      auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl },
    },
  });
  await call('configurations.create', {
    integrationId: id,
    name: 'Production',
    values: { clientId: 'runbook-designer' },
    secrets: { clientSecret: 'cs-7f6e5d4c3b2a' },
  });
  const test = () =>
    call('methods.test', { integrationId: id, definition: { name: 'Me', httpMethod: 'GET', path: '/me' } });
  const log = async () => (await call('integrations.callLog', { id, limit: 10 })).calls;
  return { test, log };
}

describe('the call log and token requests', () => {
  it('lists the token request a Test made before its own call, once while the token lasts', async () => {
    const { test, log } = await tokensIntegration(issuer.tokenUrl);
    expect((await test()).response?.status).toBe(200);
    await test();
    const calls = await log();
    expect(calls.map(({ httpMethod, url, status }) => ({ httpMethod, url, status }))).toEqual([
      { httpMethod: 'GET', url: `${issuer.apiUrl}/me`, status: 200 },
      { httpMethod: 'GET', url: `${issuer.apiUrl}/me`, status: 200 },
      { httpMethod: 'POST', url: issuer.tokenUrl, status: 200 },
    ]);
  });

  it('lists a refused token request with its status, and one that got no answer with the reason', async () => {
    issuer.refuseNextToken({ error: 'invalid_client' }, 401);
    const refused = await tokensIntegration(issuer.tokenUrl);
    expect((await refused.test()).error?.message).toContain('invalid_client');
    // The Test's own call, never sent without a token, and the token request the endpoint refused.
    expect((await refused.log()).map(({ url, status }) => ({ url, status }))).toEqual([
      { url: `${issuer.apiUrl}/me`, status: null },
      { url: issuer.tokenUrl, status: 401 },
    ]);

    const unreachable = await tokensIntegration('http://127.0.0.1:9/token');
    await unreachable.test();
    const [, call] = await unreachable.log();
    expect(call).toMatchObject({ httpMethod: 'POST', url: 'http://127.0.0.1:9/token', status: null });
    expect(call?.error).toMatch(/refused|ECONNREFUSED|connect/i);
  });
});
