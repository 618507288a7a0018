/**
 * OAuth 2.0: client credentials, password, authorization code and authorization code with PKCE
 * (RFC 7636, S256). Tokens are cached encrypted, reused until they expire, renewed with the
 * refresh token, and re-requested once after a 401.
 */
import crypto from 'node:crypto';
import type { AuthSettings } from '../../../../shared/domain/authorization';
import type { Authorizer, AuthorizationContext, CachedToken } from '../authorizer';
import { receiveAuthorizationCode } from './loopbackRedirect';
import { isFresh, requestToken } from './tokenEndpoint';

type OAuth2Settings = Extract<AuthSettings, { type: 'oauth2' }>;

function settingsOf(context: AuthorizationContext): OAuth2Settings {
  if (context.settings.type !== 'oauth2') throw new Error('oauth2 authorizer given other settings');
  return context.settings;
}

/** Client authentication per RFC 6749 §2.3.1: Basic over form-encoded id and secret, or the body. */
function clientAuthentication(
  settings: OAuth2Settings,
  context: AuthorizationContext,
): { headers: Record<string, string>; body: Record<string, string> } {
  const clientId = context.credentials.require('clientId');
  const clientSecret = context.credentials.get('clientSecret') ?? '';
  if (settings.clientAuthentication === 'header' && clientSecret !== '') {
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
    const basic = Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64');
    return { headers: { authorization: `Basic ${basic}` }, body: {} };
  }
  return { headers: {}, body: { client_id: clientId, client_secret: clientSecret } };
}

async function grant(
  settings: OAuth2Settings,
  context: AuthorizationContext,
): Promise<Record<string, string>> {
  const common = { scope: settings.scope, audience: settings.audience };
  switch (settings.grantType) {
    case 'client_credentials':
      return { grant_type: 'client_credentials', ...common };
    case 'password':
      return {
        grant_type: 'password',
        username: context.credentials.require('username'),
        password: context.credentials.require('password'),
        ...common,
      };
    case 'authorization_code':
    case 'authorization_code_pkce': {
      const isPkce = settings.grantType === 'authorization_code_pkce';
      const verifier = crypto.randomBytes(32).toString('base64url');
      const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
      const { code, redirectUri } = await receiveAuthorizationCode({
        authorizeUrl: settings.authorizeUrl,
        parameters: {
          client_id: context.credentials.require('clientId'),
          ...common,
          ...(isPkce ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
        },
        openBrowser: context.openBrowser,
        signal: context.signal,
      });
      return {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        ...(isPkce ? { code_verifier: verifier } : {}),
      };
    }
  }
}

async function fetchToken(context: AuthorizationContext, body: Record<string, string>): Promise<CachedToken> {
  const settings = settingsOf(context);
  const client = clientAuthentication(settings, context);
  return requestToken(
    context,
    settings.tokenUrl,
    { ...body, ...client.body },
    {
      headers: client.headers,
      defaultExpirySeconds: settings.defaultExpirySeconds,
    },
  );
}

async function currentToken(context: AuthorizationContext): Promise<string> {
  const cached = context.tokens.read();
  if (cached !== undefined && isFresh(cached, context.now())) return cached.accessToken;
  let token: CachedToken | undefined;
  if (cached?.refreshToken !== undefined) {
    token = await fetchToken(context, {
      grant_type: 'refresh_token',
      refresh_token: cached.refreshToken,
    }).catch(
      () => undefined, // A refused refresh falls back to a new grant.
    );
  }
  token ??= await fetchToken(context, await grant(settingsOf(context), context));
  // Some servers do not send a new refresh token on refresh: keep the old one.
  const refreshToken = token.refreshToken ?? cached?.refreshToken;
  context.tokens.write(refreshToken === undefined ? token : { ...token, refreshToken });
  return token.accessToken;
}

export const oauth2Authorizer: Authorizer = {
  type: 'oauth2',
  authorize: async (request, context) => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${await currentToken(context)}` },
  }),
  onUnauthorized: (context) => {
    const cached = context.tokens.read();
    if (cached === undefined) return Promise.resolve(false);
    // Expire the access token but keep the refresh token for the next attempt.
    const { refreshToken } = cached;
    context.tokens.write({
      accessToken: '',
      expiresAt: 0,
      ...(refreshToken === undefined ? {} : { refreshToken }),
    });
    return Promise.resolve(true);
  },
  secretsOf: (context) => {
    const cached = context.tokens.read();
    return [
      context.credentials.get('clientSecret') ?? '',
      context.credentials.get('password') ?? '',
      cached?.accessToken ?? '',
      cached?.refreshToken ?? '',
    ];
  },
};
