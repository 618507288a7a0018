/**
 * JWT assertion (RFC 7523): a JWT signed with HS256 (shared secret) or RS256/PS256 (PEM private
 * key) is exchanged at the token endpoint for an access token, cached like OAuth 2.0's.
 */
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '../../../../shared/api/appError';
import type { AuthSettings } from '../../../../shared/domain/authorization';
import type { Authorizer, AuthorizationContext } from '../authorizer';
import { isFresh, requestToken } from './tokenEndpoint';

type JwtSettings = Extract<AuthSettings, { type: 'jwtAssertion' }>;

function settingsOf(context: AuthorizationContext): JwtSettings {
  if (context.settings.type !== 'jwtAssertion')
    throw new Error('jwtAssertion authorizer given other settings');
  return context.settings;
}

function signingKey(settings: JwtSettings, context: AuthorizationContext): crypto.KeyObject | Uint8Array {
  const material = context.credentials.require('signingKey');
  if (settings.keyFormat === 'secret') return new TextEncoder().encode(material);
  if (settings.keyFormat === 'pfx') {
    throw new AppError(
      'invalid_input',
      'PFX keys are not supported for JWT assertions yet: export the key as PEM ' +
        '(openssl pkcs12 -in key.pfx -nocerts -nodes) and choose "PEM".',
      'signingKey',
    );
  }
  try {
    return crypto.createPrivateKey(material);
  } catch {
    throw new AppError('invalid_input', 'The private key is not a readable PEM key.', 'signingKey');
  }
}

export async function signAssertion(settings: JwtSettings, context: AuthorizationContext): Promise<string> {
  const nowSeconds = Math.floor(context.now() / 1000);
  const jwt = new SignJWT({ ...settings.extraClaims })
    .setProtectedHeader({ alg: settings.algorithm, typ: 'JWT' })
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + settings.lifetimeSeconds)
    .setJti(crypto.randomUUID());
  if (settings.issuer !== '') jwt.setIssuer(settings.issuer);
  if (settings.subject !== '') jwt.setSubject(settings.subject);
  if (settings.audience !== '') jwt.setAudience(settings.audience);
  return jwt.sign(signingKey(settings, context));
}

async function currentToken(context: AuthorizationContext): Promise<string> {
  const cached = context.tokens.read();
  if (cached !== undefined && isFresh(cached, context.now())) return cached.accessToken;
  const settings = settingsOf(context);
  const token = await requestToken(
    context,
    settings.tokenUrl,
    {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: await signAssertion(settings, context),
      scope: settings.scope,
    },
    { format: settings.exchangeFormat },
  );
  context.tokens.write(token);
  return token.accessToken;
}

export const jwtAssertionAuthorizer: Authorizer = {
  type: 'jwtAssertion',
  authorize: async (request, context) => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${await currentToken(context)}` },
  }),
  onUnauthorized: (context) => {
    context.tokens.clear();
    return Promise.resolve(true);
  },
  secretsOf: (context) => [
    context.credentials.get('signingKey') ?? '',
    context.tokens.read()?.accessToken ?? '',
  ],
};
