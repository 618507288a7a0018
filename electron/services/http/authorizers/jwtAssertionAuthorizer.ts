/**
 * JWT assertion (RFC 7523 §2.1): a JWT signed with jose — HS256 with a shared secret, RS256 or
 * PS256 with a PEM (PKCS#8 or PKCS#1) private key or the key of a PFX file — carrying iss, sub,
 * aud, iat, exp, jti and the extra claims, is exchanged at the token endpoint (form or JSON) for
 * an access token that is cached like OAuth 2.0's.
 */
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '../../../../shared/api/appError';
import type { AuthSettings } from '../../../../shared/auth/authTypeRegistry';
import type { AuthorizationContext, Authorizer } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';
import { privateKeyFromPfx } from './pfxPrivateKey';
import { isFresh, refusedTokenOf, requestToken, sharedToken } from './tokenEndpoint';

type JwtSettings = Extract<AuthSettings, { type: 'jwtAssertion' }>;

/** RFC 7523 §2.1 grant type. */
export const jwtBearerGrantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function rsaKey(settings: JwtSettings, context: AuthorizationContext): crypto.KeyObject {
  const material = context.credentials.require('signingKey');
  let key: crypto.KeyObject;
  if (settings.keyFormat === 'pfx') {
    key = privateKeyFromPfx(material, context.credentials.get('passphrase') ?? '');
  } else {
    try {
      key = crypto.createPrivateKey(material);
    } catch {
      throw new AppError(
        'invalid_input',
        'The private key is not a readable, unencrypted PEM key (PKCS#8 or PKCS#1).',
        'signingKey',
      );
    }
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AppError('invalid_input', `${settings.algorithm} needs an RSA private key.`, 'signingKey');
  }
  return key;
}

/** The key jose signs with; the algorithm decides which key formats fit. */
function signingKeyOf(settings: JwtSettings, context: AuthorizationContext): crypto.KeyObject | Uint8Array {
  const isHmac = settings.algorithm === 'HS256';
  if (isHmac !== (settings.keyFormat === 'secret')) {
    throw new AppError(
      'invalid_input',
      isHmac
        ? 'HS256 signs with a shared secret: choose the key format "Shared secret".'
        : `${settings.algorithm} signs with a private key: choose "PEM" or "PFX" as the key format.`,
      'keyFormat',
    );
  }
  if (isHmac) return new TextEncoder().encode(context.credentials.require('signingKey'));
  return rsaKey(settings, context);
}

/** Signs the assertion: extra claims first, then the standard claims, which win on a clash. */
export async function signAssertion(settings: JwtSettings, context: AuthorizationContext): Promise<string> {
  const key = signingKeyOf(settings, context);
  const issuedAt = Math.floor(context.now() / 1000);
  const jwt = new SignJWT({ ...settings.extraClaims })
    .setProtectedHeader({ alg: settings.algorithm, typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + settings.lifetimeSeconds)
    .setJti(crypto.randomUUID());
  if (settings.issuer !== '') jwt.setIssuer(settings.issuer);
  if (settings.subject !== '') jwt.setSubject(settings.subject);
  if (settings.audience !== '') jwt.setAudience(settings.audience);
  return jwt.sign(key);
}

/** The cached token while fresh, else one exchanged for a new assertion (once for all who wait). */
async function currentToken(context: AuthorizationContext): Promise<string> {
  const cached = context.tokens.read();
  if (cached !== undefined && isFresh(cached, context.now())) return cached.accessToken;
  return sharedToken(context, () => exchangedToken(context));
}

async function exchangedToken(context: AuthorizationContext): Promise<string> {
  const cached = context.tokens.read();
  if (cached !== undefined && isFresh(cached, context.now())) return cached.accessToken;
  const settings = settingsOfType(context, 'jwtAssertion');
  const assertion = await signAssertion(settings, context);
  const token = await requestToken(context, {
    url: settings.tokenUrl,
    fields: { grant_type: jwtBearerGrantType, assertion, scope: settings.scope },
    format: settings.exchangeFormat,
    defaultExpirySeconds: settings.defaultExpirySeconds,
    // The signed assertion gets a token until it expires: a refusal that echoes it must not show it.
    secrets: [...credentialValuesOf(context), assertion],
  });
  context.tokens.write(token);
  return token.accessToken;
}

/** Bearer tokens obtained by exchanging a signed JWT assertion. */
export const jwtAssertionAuthorizer: Authorizer = {
  type: 'jwtAssertion',
  authorize: async (request, context) => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${await currentToken(context)}` },
  }),
  /** Drops the refused token while it is the cached one; true when the request carried a token. */
  onUnauthorized: (context, refused) => {
    const refusedToken = refusedTokenOf(refused);
    if (refusedToken === undefined) return Promise.resolve(false);
    if (context.tokens.read()?.accessToken === refusedToken) context.tokens.clear();
    return Promise.resolve(true);
  },
  secretsOf: (context) => {
    const accessToken = context.tokens.read()?.accessToken ?? '';
    return [...credentialValuesOf(context), ...(accessToken === '' ? [] : [accessToken])];
  },
};
