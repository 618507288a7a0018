/**
 * Mutual TLS: hands the client certificate (PEM certificate + key, or a PFX file) and an optional
 * CA to the transport through `request.tls`. The material is checked here first, so a wrong file
 * or passphrase is reported on its field instead of as a failed TLS handshake.
 */
import crypto from 'node:crypto';
import tls from 'node:tls';
import { AppError } from '../../../../shared/api/appError';
import type { AuthorizationContext, Authorizer, PreparedRequest } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';

type TlsMaterial = NonNullable<PreparedRequest['tls']>;

const invalid = (message: string, field: string) => new AppError('invalid_input', message, field);
const codeOf = (error: unknown) => (error as { code?: unknown }).code;

function optional(context: AuthorizationContext, name: string): string | undefined {
  const value = context.credentials.get(name);
  return value === undefined || value === '' ? undefined : value;
}

function checkPemPair(cert: string, key: string, passphrase: string | undefined): void {
  try {
    new crypto.X509Certificate(cert);
  } catch {
    throw invalid('The client certificate is not a readable PEM certificate.', 'certificate');
  }
  try {
    crypto.createPrivateKey(passphrase === undefined ? key : { key, passphrase });
  } catch (error) {
    // OpenSSL's code for a missing passphrase varies by version; the PEM header does not.
    const isEncrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(key);
    if (isEncrypted || codeOf(error) === 'ERR_OSSL_BAD_DECRYPT') {
      throw invalid('The private key is encrypted: enter its passphrase (or check it).', 'passphrase');
    }
    throw invalid('The private key is not a readable PEM key.', 'privateKey');
  }
}

/** Lets OpenSSL load the material as the transport will; maps its errors to the field at fault. */
function checkLoadable(material: TlsMaterial): void {
  try {
    tls.createSecureContext(material);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (codeOf(error) === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
      throw invalid('The private key does not belong to the client certificate.', 'privateKey');
    }
    if (material.pfx !== undefined && /mac verify failure|bad decrypt/i.test(message)) {
      throw invalid('The passphrase does not open the PFX file (missing or wrong).', 'passphrase');
    }
    throw material.pfx === undefined
      ? invalid('The client certificate and key could not be used together.', 'certificate')
      : invalid('The PFX file is not a readable PKCS#12 certificate.', 'pfx');
  }
}

function checkCa(ca: string): void {
  try {
    new crypto.X509Certificate(ca);
  } catch {
    throw invalid('The CA certificate is not a readable PEM certificate.', 'ca');
  }
}

/** Sets `request.tls` from the configuration's client certificate; the PFX travels base64-encoded. */
export const mtlsAuthorizer: Authorizer = {
  type: 'mtls',
  authorize: async (request, context) => {
    const settings = settingsOfType(context, 'mtls');
    const passphrase = optional(context, 'passphrase');
    const ca = optional(context, 'ca');
    if (ca !== undefined) checkCa(ca);
    const common = {
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(ca === undefined ? {} : { ca }),
    };
    let material: TlsMaterial;
    if (settings.certificateFormat === 'pfx') {
      material = { ...common, pfx: Buffer.from(context.credentials.require('pfx'), 'base64') };
    } else {
      const cert = context.credentials.require('certificate');
      const key = context.credentials.require('privateKey');
      checkPemPair(cert, key, passphrase);
      material = { ...common, cert, key };
    }
    checkLoadable(material);
    return { ...request, tls: material };
  },
  secretsOf: (context) => credentialValuesOf(context),
};
