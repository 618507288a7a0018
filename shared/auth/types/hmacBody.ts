/**
 * Sign the request body with a secret key: HMAC-SHA256/512 over the raw body (optionally after a
 * timestamp sent in its own header), hex or base64, in a header the settings name.
 */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';
import { headerNameSchema } from '../settingsValueSchemas';

export const hmacBodyAuthType = defineAuthType({
  type: 'hmacBody',
  displayName: 'Sign request body with a secret key (HMAC)',
  settingsSchema: z.object({
    type: z.literal('hmacBody'),
    algorithm: z.enum(['sha256', 'sha512']).default('sha256'),
    headerName: headerNameSchema.default('X-Signature'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    /** Written before the signature in the header, e.g. "sha256=". */
    prefix: z.string().max(100).default(''),
    timestamp: z
      .object({
        isEnabled: z.boolean().default(false),
        headerName: headerNameSchema.default('X-Timestamp'),
        /** Between timestamp and body in the signed text. */
        separator: z.string().max(10).default('.'),
      })
      .default({ isEnabled: false, headerName: 'X-Timestamp', separator: '.' }),
  }),
  defaults: {
    type: 'hmacBody',
    algorithm: 'sha256',
    headerName: 'X-Signature',
    encoding: 'hex',
    prefix: '',
    timestamp: { isEnabled: false, headerName: 'X-Timestamp', separator: '.' },
  },
  settingsFields: [
    {
      path: 'algorithm',
      label: 'Algorithm',
      control: {
        kind: 'select',
        options: [
          { value: 'sha256', label: 'HMAC-SHA256' },
          { value: 'sha512', label: 'HMAC-SHA512' },
        ],
      },
      row: 'signature',
    },
    {
      path: 'encoding',
      label: 'Encoding',
      control: {
        kind: 'select',
        options: [
          { value: 'hex', label: 'Hex' },
          { value: 'base64', label: 'Base64' },
        ],
      },
      row: 'signature',
    },
    { path: 'headerName', label: 'Signature header', control: { kind: 'text' }, row: 'header' },
    { path: 'prefix', label: 'Prefix', hint: 'e.g. "sha256="', control: { kind: 'text' }, row: 'header' },
    {
      path: 'timestamp.isEnabled',
      label: 'Sign a timestamp before the body, and send it in a header',
      control: { kind: 'checkbox' },
    },
    {
      path: 'timestamp.headerName',
      label: 'Timestamp header',
      control: { kind: 'text' },
      when: { 'timestamp.isEnabled': [true] },
    },
    {
      path: 'timestamp.separator',
      label: 'Between timestamp and body',
      hint: 'The signed text is the timestamp, this, then the body, e.g. "."',
      control: { kind: 'text' },
      when: { 'timestamp.isEnabled': [true] },
    },
  ],
  credentialFields: [
    {
      name: 'signingKey',
      label: 'Secret key',
      kind: 'secret',
      isRequired: true,
      help: 'The secret the API checks the signature with.',
    },
  ],
});
