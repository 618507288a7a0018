/**
 * Signing the request body: HMAC-SHA256/512 with a secret key (optionally over a timestamp and
 * the body), or RSA-SHA256 with an X.509 certificate's private key.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../../shared/api/appError';
import type { Authorizer } from '../authorizer';

export const hmacBodyAuthorizer: Authorizer = {
  type: 'hmacBody',
  authorize: (request, context) => {
    if (context.settings.type !== 'hmacBody') throw new Error('hmacBody authorizer given other settings');
    const settings = context.settings;
    const key = context.credentials.require('signingKey');
    const headers = { ...request.headers };
    const body = request.body ?? Buffer.alloc(0);
    const hmac = crypto.createHmac(settings.algorithm, key);
    if (settings.timestamp.isEnabled) {
      const timestamp = String(Math.floor(context.now() / 1000));
      headers[settings.timestamp.headerName.toLowerCase()] = timestamp;
      hmac.update(`${timestamp}${settings.timestamp.separator}`);
    }
    hmac.update(body);
    headers[settings.headerName.toLowerCase()] = `${settings.prefix}${hmac.digest(settings.encoding)}`;
    return Promise.resolve({ ...request, headers });
  },
  secretsOf: (context) => [context.credentials.get('signingKey') ?? ''],
};

export const x509BodyAuthorizer: Authorizer = {
  type: 'x509Body',
  authorize: (request, context) => {
    if (context.settings.type !== 'x509Body') throw new Error('x509Body authorizer given other settings');
    const settings = context.settings;
    let key: crypto.KeyObject;
    try {
      key = crypto.createPrivateKey(context.credentials.require('privateKey'));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('invalid_input', 'The private key is not a readable PEM key.', 'privateKey');
    }
    const signature = crypto.sign('sha256', request.body ?? Buffer.alloc(0), key).toString(settings.encoding);
    return Promise.resolve({
      ...request,
      headers: { ...request.headers, [settings.headerName.toLowerCase()]: signature },
    });
  },
  secretsOf: (context) => [context.credentials.get('privateKey') ?? ''],
};
