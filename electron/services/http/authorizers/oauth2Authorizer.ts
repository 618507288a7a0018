/**
 * OAuth 2.0 (RFC 6749): client credentials, password, authorization code, and authorization code
 * with PKCE (RFC 7636, S256) over a loopback redirect (RFC 8252). The client authenticates with
 * HTTP Basic or in the body (§2.3.1). Tokens are cached encrypted through the context's
 * TokenStore, reused until they expire, renewed with the refresh token (a refused refresh falls
 * back to a new grant), and dropped once after a 401.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../../shared/api/appError';
import type { AuthSettings } from '../../../../shared/auth/authTypeRegistry';
import type { AuthorizationContext, Authorizer, CachedToken } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';
import { receiveAuthorizationCode } from './loopbackRedirect';
import { isFresh, refusedTokenOf, requestToken, sharedToken } from './tokenEndpoint';

type OAuth2Settings = Extract<AuthSettings, { type: 'oauth2' }>;

/** RFC 6749 §2.3.1: id and secret are form-urlencoded (Appendix B) before Basic encoding. */
export function clientBasicCredentials(clientId: string, clientSecret: string): string {
  const formEncoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return Buffer.from(`${formEncoded(clientId)}:${formEncoded(clientSecret)}`, 'utf8').toString('base64');
}

/** RFC 7636 §4.1–4.2: a 43-character verifier and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

/** Header (Basic) or body client authentication; a public PKCE client sends only its id. */
function clientAuthentication(
  settings: OAuth2Settings,
  context: AuthorizationContext,
): { headers: Record<string, string>; fields: Record<string, string> } {
  const clientId = context.credentials.require('clientId');
  const clientSecret =
    settings.grantType === 'authorization_code_pkce'
      ? (context.credentials.get('clientSecret') ?? '')
      : context.credentials.require('clientSecret');
  if (settings.clientAuthentication === 'header' && clientSecret !== '') {
    return {
      headers: { authorization: `Basic ${clientBasicCredentials(clientId, clientSecret)}` },
      fields: {},
    };
  }
  return { headers: {}, fields: { client_id: clientId, client_secret: clientSecret } };
}

function authorizeUrlOf(settings: OAuth2Settings): string {
  if (!/^https?:\/\/\S+$/i.test(settings.authorizeUrl) || !URL.canParse(settings.authorizeUrl)) {
    throw new AppError(
      'invalid_input',
      'The authorization-code flow needs an authorize URL (http:// or https://).',
      'authorizeUrl',
    );
  }
  return settings.authorizeUrl;
}

async function authorizationCodeFields(
  settings: OAuth2Settings,
  context: AuthorizationContext,
): Promise<Record<string, string>> {
  const isPkce = settings.grantType === 'authorization_code_pkce';
  const pkce = isPkce ? createPkcePair() : undefined;
  const { code, redirectUri } = await receiveAuthorizationCode({
    authorizeUrl: authorizeUrlOf(settings),
    parameters: {
      client_id: context.credentials.require('clientId'),
      scope: settings.scope,
      audience: settings.audience,
      ...(pkce === undefined ? {} : { code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
    },
    openBrowser: context.openBrowser,
    signal: context.signal,
  });
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    ...(pkce === undefined ? {} : { code_verifier: pkce.verifier }),
  };
}

/** The grant's own parameters (RFC 6749 §4.1.3, §4.3.2, §4.4.2). */
async function grantFields(
  settings: OAuth2Settings,
  context: AuthorizationContext,
): Promise<Record<string, string>> {
  switch (settings.grantType) {
    case 'client_credentials':
      return { grant_type: 'client_credentials', scope: settings.scope, audience: settings.audience };
    case 'password':
      return {
        grant_type: 'password',
        username: context.credentials.require('username'),
        password: context.credentials.require('password'),
        scope: settings.scope,
        audience: settings.audience,
      };
    case 'authorization_code':
    case 'authorization_code_pkce':
      return authorizationCodeFields(settings, context);
  }
}

function fetchToken(settings: OAuth2Settings, context: AuthorizationContext, fields: Record<string, string>) {
  const client = clientAuthentication(settings, context);
  return requestToken(context, {
    url: settings.tokenUrl,
    fields: { ...fields, ...client.fields },
    headers: client.headers,
    defaultExpirySeconds: settings.defaultExpirySeconds,
    // A code with its PKCE verifier, or a refresh token, gets a token: a refusal echoing them must not show them.
    secrets: [...oauth2Authorizer.secretsOf(context), ...grantSecretsOf(fields)],
  });
}

/** The grant's own fields that are credentials while they last. */
const grantSecretsOf = (fields: Record<string, string>) =>
  [fields.code, fields.code_verifier, fields.refresh_token].filter(
    (value): value is string => value !== undefined && value !== '',
  );

/** Refresh (RFC 6749 §6) when a refresh token is cached; undefined when the endpoint refuses it. */
async function refreshed(settings: OAuth2Settings, context: AuthorizationContext, refreshToken: string) {
  try {
    return await fetchToken(settings, context, { grant_type: 'refresh_token', refresh_token: refreshToken });
  } catch (error) {
    // Only a refusal falls back to a new grant; a network failure would fail the grant too.
    if (error instanceof AppError && error.code === 'unauthorized') return undefined;
    throw error;
  }
}

/**
 * The cached token while fresh; else a refreshed one; else one from a new grant, obtained once
 * for all requests that need it at that moment. Caches the result.
 */
async function currentToken(context: AuthorizationContext): Promise<string> {
  const cached = context.tokens.read();
  if (cached !== undefined && isFresh(cached, context.now())) return cached.accessToken;
  return sharedToken(context, () => renewedToken(context));
}

async function renewedToken(context: AuthorizationContext): Promise<string> {
  // Another request may have just finished renewing it.
  const cached = context.tokens.read();
  if (cached !== undefined && isFresh(cached, context.now())) return cached.accessToken;
  const settings = settingsOfType(context, 'oauth2');
  let token: CachedToken | undefined;
  if (cached?.refreshToken !== undefined) {
    const renewed = await refreshed(settings, context, cached.refreshToken);
    // Servers may omit a new refresh token on refresh: the old one stays valid then.
    if (renewed !== undefined) token = { refreshToken: cached.refreshToken, ...renewed };
  }
  // A new grant keeps only the refresh token it brings: a refused one is not tried again.
  token ??= await fetchToken(settings, context, await grantFields(settings, context));
  context.tokens.write(token);
  return token.accessToken;
}

/** OAuth 2.0 bearer tokens (RFC 6750 §2.1) from the configured grant. */
export const oauth2Authorizer: Authorizer = {
  type: 'oauth2',
  authorize: async (request, context) => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${await currentToken(context)}` },
  }),
  /**
   * Drops the refused access token (keeping the refresh token) while it is the cached one; true
   * when the request carried a token, so the retry goes with the one renewed.
   */
  onUnauthorized: (context, refused) => {
    const refusedToken = refusedTokenOf(refused);
    if (refusedToken === undefined) return Promise.resolve(false);
    const cached = context.tokens.read();
    if (cached?.accessToken === refusedToken) {
      if (cached.refreshToken === undefined) context.tokens.clear();
      else context.tokens.write({ accessToken: '', refreshToken: cached.refreshToken });
    }
    return Promise.resolve(true);
  },
  secretsOf: (context) => {
    const values = credentialValuesOf(context);
    const clientId = context.credentials.get('clientId') ?? '';
    const clientSecret = context.credentials.get('clientSecret') ?? '';
    if (clientSecret !== '') values.push(clientBasicCredentials(clientId, clientSecret));
    const cached = context.tokens.read();
    for (const token of [cached?.accessToken, cached?.refreshToken]) {
      if (token !== undefined && token !== '') values.push(token);
    }
    return values;
  },
};
