/**
 * Sign the request body with an X.509 certificate's private key: RSA-SHA256 (PKCS#1 v1.5) over
 * the raw body bytes, hex or base64, in the configured header.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../../shared/api/appError';
import type { Authorizer } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';

function rsaPrivateKey(pem: string): crypto.KeyObject {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(pem);
  } catch {
    throw new AppError(
      'invalid_input',
      'The private key is not a readable, unencrypted PEM key (PKCS#8 or PKCS#1).',
      'privateKey',
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AppError('invalid_input', 'The private key must be an RSA key for RSA-SHA256.', 'privateKey');
  }
  return key;
}

/** Adds the RSA-SHA256 signature of the body; an absent body signs as empty. */
export const x509BodyAuthorizer: Authorizer = {
  type: 'x509Body',
  authorize: async (request, context) => {
    const settings = settingsOfType(context, 'x509Body');
    const key = rsaPrivateKey(context.credentials.require('privateKey'));
    const signature = crypto.sign('sha256', request.body ?? Buffer.alloc(0), key);
    return {
      ...request,
      headers: {
        ...request.headers,
        [settings.headerName.toLowerCase()]: signature.toString(settings.encoding),
      },
    };
  },
  secretsOf: (context) => credentialValuesOf(context),
};
