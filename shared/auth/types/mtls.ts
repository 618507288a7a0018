/** Mutual TLS: each configuration's client certificate (PEM pair or PFX file) is presented to the server. */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';

export const mtlsAuthType = defineAuthType({
  type: 'mtls',
  displayName: 'Mutual TLS (client certificate)',
  settingsSchema: z.object({
    type: z.literal('mtls'),
    certificateFormat: z.enum(['pem', 'pfx']).default('pem'),
  }),
  defaults: { type: 'mtls', certificateFormat: 'pem' },
  note: 'Each configuration supplies its own credentials for this type.',
  settingsFields: [
    {
      path: 'certificateFormat',
      label: 'Certificate format',
      control: {
        kind: 'select',
        options: [
          { value: 'pem', label: 'PEM certificate and key' },
          { value: 'pfx', label: 'PFX / PKCS#12 with passphrase' },
        ],
      },
    },
  ],
  credentialFields: [
    {
      name: 'certificate',
      label: 'Client certificate (PEM)',
      kind: 'textFile',
      isRequired: true,
      when: { certificateFormat: ['pem'] },
    },
    {
      name: 'privateKey',
      label: 'Private key (PEM)',
      kind: 'secretFile',
      isRequired: true,
      when: { certificateFormat: ['pem'] },
    },
    {
      name: 'pfx',
      label: 'Client certificate (PFX)',
      kind: 'secretFile',
      isRequired: true,
      help: 'A .pfx or .p12 file with the certificate and its key.',
      when: { certificateFormat: ['pfx'] },
    },
    {
      name: 'passphrase',
      label: 'Key passphrase',
      kind: 'secret',
      isRequired: false,
      help: 'Only for an encrypted key.',
      when: { certificateFormat: ['pem'] },
    },
    {
      name: 'passphrase',
      label: 'PFX passphrase',
      kind: 'secret',
      isRequired: false,
      when: { certificateFormat: ['pfx'] },
    },
    {
      name: 'ca',
      label: 'CA certificate (PEM)',
      kind: 'textFile',
      isRequired: false,
      help: 'Only when the server’s certificate is signed by a CA the system does not trust.',
    },
  ],
});
