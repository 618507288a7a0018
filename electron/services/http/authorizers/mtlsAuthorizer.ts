/** Mutual TLS: hands the client certificate (PEM pair or PFX) and an optional CA to the transport. */
import type { Authorizer } from '../authorizer';

export const mtlsAuthorizer: Authorizer = {
  type: 'mtls',
  authorize: (request, context) => {
    if (context.settings.type !== 'mtls') throw new Error('mtls authorizer given other settings');
    const { credentials } = context;
    const passphrase = credentials.get('passphrase');
    const ca = credentials.get('ca');
    const common = {
      ...(passphrase === undefined || passphrase === '' ? {} : { passphrase }),
      ...(ca === undefined || ca === '' ? {} : { ca }),
    };
    const tls =
      context.settings.certificateFormat === 'pfx'
        ? { ...common, pfx: Buffer.from(credentials.require('pfx'), 'base64') }
        : { ...common, cert: credentials.require('certificate'), key: credentials.require('privateKey') };
    return Promise.resolve({ ...request, tls });
  },
  secretsOf: (context) =>
    ['privateKey', 'pfx', 'passphrase'].map((name) => context.credentials.get(name) ?? ''),
};
