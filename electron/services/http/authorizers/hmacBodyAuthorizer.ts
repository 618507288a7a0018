/**
 * Sign the request body with a secret key: HMAC-SHA256/512 over the raw body bytes (optionally
 * `timestamp + separator + body`, the timestamp sent in its own header), written hex or base64
 * after the configured prefix in the configured header.
 */
import crypto from 'node:crypto';
import type { Authorizer } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';

/** Adds the signature header (and the timestamp header when enabled); an absent body signs as empty. */
export const hmacBodyAuthorizer: Authorizer = {
  type: 'hmacBody',
  authorize: async (request, context) => {
    const settings = settingsOfType(context, 'hmacBody');
    const hmac = crypto.createHmac(settings.algorithm, context.credentials.require('signingKey'));
    const headers = { ...request.headers };
    if (settings.timestamp.isEnabled) {
      const timestamp = String(Math.floor(context.now() / 1000));
      headers[settings.timestamp.headerName.toLowerCase()] = timestamp;
      hmac.update(`${timestamp}${settings.timestamp.separator}`, 'utf8');
    }
    hmac.update(request.body ?? Buffer.alloc(0));
    headers[settings.headerName.toLowerCase()] = `${settings.prefix}${hmac.digest(settings.encoding)}`;
    return { ...request, headers };
  },
  secretsOf: (context) => credentialValuesOf(context),
};
