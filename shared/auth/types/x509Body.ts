/** Sign the request body with an X.509 certificate's RSA key (RSA-SHA256) in a header the settings name. */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';
import { headerNameSchema } from '../settingsValueSchemas';

export const x509BodyAuthType = defineAuthType({
  type: 'x509Body',
  displayName: 'Sign request body with an X.509 certificate',
  settingsSchema: z.object({
    type: z.literal('x509Body'),
    headerName: headerNameSchema.default('X-Signature'),
    encoding: z.enum(['hex', 'base64']).default('base64'),
  }),
  defaults: { type: 'x509Body', headerName: 'X-Signature', encoding: 'base64' },
  settingsFields: [
    { path: 'headerName', label: 'Signature header', control: { kind: 'text' }, row: 'signature' },
    {
      path: 'encoding',
      label: 'Encoding',
      control: {
        kind: 'select',
        options: [
          { value: 'base64', label: 'Base64' },
          { value: 'hex', label: 'Hex' },
        ],
      },
      row: 'signature',
    },
  ],
  credentialFields: [
    {
      name: 'privateKey',
      label: 'Private key (PEM)',
      kind: 'secretFile',
      isRequired: true,
      help: 'The certificate’s unencrypted RSA key, PKCS#8 or PKCS#1.',
    },
  ],
});
