/**
 * Authorization types (PRODUCT.md §1). Each type has settings that belong to the integration's
 * definition (URLs, header names, algorithms — never secrets) and declares the credential
 * fields a configuration must supply (client ids, passwords, keys — secrets are write-only).
 */
import { z } from 'zod';
import { boundedJsonRecordSchema } from './jsonNesting';

export const authTypes = [
  'none',
  'apiKey',
  'bearer',
  'basic',
  'oauth2',
  'jwtAssertion',
  'hmacBody',
  'x509Body',
  'mtls',
] as const;
export type AuthType = (typeof authTypes)[number];

const headerName = z
  .string()
  .trim()
  .max(200, { message: 'A header name has at most 200 characters' })
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'Not a valid HTTP header name' });
const httpUrl = z
  .string()
  .trim()
  .max(2_000, { message: 'A URL has at most 2,000 characters' })
  .regex(/^https?:\/\/\S+$/i, { message: 'Enter an http:// or https:// URL' });

export const oauth2GrantTypes = [
  'client_credentials',
  'password',
  'authorization_code',
  'authorization_code_pkce',
] as const;

export const authSettingsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({
    type: z.literal('apiKey'),
    name: z.string().trim().min(1, { message: 'Key name is required' }).max(200),
    placement: z.enum(['header', 'query']).default('header'),
  }),
  z.object({ type: z.literal('bearer') }),
  z.object({ type: z.literal('basic') }),
  z.object({
    type: z.literal('oauth2'),
    grantType: z.enum(oauth2GrantTypes),
    tokenUrl: httpUrl,
    authorizeUrl: z.string().trim().max(2_000).default(''),
    scope: z.string().trim().max(2_000).default(''),
    audience: z.string().trim().max(2_000).default(''),
    clientAuthentication: z.enum(['header', 'body']).default('header'),
    /** For tokens that carry no expires_in. */
    defaultExpirySeconds: z.number().int().min(1).max(31_536_000).nullable().default(null),
  }),
  z.object({
    type: z.literal('jwtAssertion'),
    algorithm: z.enum(['HS256', 'RS256', 'PS256']),
    keyFormat: z.enum(['secret', 'pem', 'pfx']),
    issuer: z.string().trim().max(2_000).default(''),
    subject: z.string().trim().max(2_000).default(''),
    audience: z.string().trim().max(2_000).default(''),
    extraClaims: boundedJsonRecordSchema.default({}),
    lifetimeSeconds: z.number().int().min(30).max(86_400).default(300),
    tokenUrl: httpUrl,
    scope: z.string().trim().max(2_000).default(''),
    exchangeFormat: z.enum(['form', 'json']).default('form'),
    /** For tokens that carry no expires_in. */
    defaultExpirySeconds: z.number().int().min(1).max(31_536_000).nullable().default(null),
  }),
  z.object({
    type: z.literal('hmacBody'),
    algorithm: z.enum(['sha256', 'sha512']).default('sha256'),
    headerName: headerName.default('X-Signature'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    /** Written before the signature in the header, e.g. "sha256=". */
    prefix: z.string().max(100).default(''),
    timestamp: z
      .object({
        isEnabled: z.boolean().default(false),
        headerName: headerName.default('X-Timestamp'),
        /** Between timestamp and body in the signed text. */
        separator: z.string().max(10).default('.'),
      })
      .default({ isEnabled: false, headerName: 'X-Timestamp', separator: '.' }),
  }),
  z.object({
    type: z.literal('x509Body'),
    headerName: headerName.default('X-Signature'),
    encoding: z.enum(['hex', 'base64']).default('base64'),
  }),
  z.object({
    type: z.literal('mtls'),
    certificateFormat: z.enum(['pem', 'pfx']).default('pem'),
  }),
]);
export type AuthSettings = z.infer<typeof authSettingsSchema>;

/** A value a configuration supplies for its integration's authorization. */
export interface CredentialField {
  name: string;
  label: string;
  /** text: shown and returned; secret: write-only; secretFile: write-only, filled from a file. */
  kind: 'text' | 'secret' | 'secretFile' | 'textFile';
  isRequired: boolean;
  help?: string;
}

/** The credential fields a configuration must fill for the given settings. */
export function credentialFieldsFor(settings: AuthSettings): CredentialField[] {
  switch (settings.type) {
    case 'none':
      return [];
    case 'apiKey':
      return [{ name: 'apiKey', label: 'API key', kind: 'secret', isRequired: true }];
    case 'bearer':
      return [{ name: 'token', label: 'Token', kind: 'secret', isRequired: true }];
    case 'basic':
      return [
        { name: 'username', label: 'Username', kind: 'text', isRequired: true },
        { name: 'password', label: 'Password', kind: 'secret', isRequired: true },
      ];
    case 'oauth2':
      return [
        { name: 'clientId', label: 'Client ID', kind: 'text', isRequired: true },
        {
          name: 'clientSecret',
          label: 'Client secret',
          kind: 'secret',
          isRequired: settings.grantType !== 'authorization_code_pkce',
        },
        ...(settings.grantType === 'password'
          ? [
              { name: 'username', label: 'Username', kind: 'text', isRequired: true } as const,
              { name: 'password', label: 'Password', kind: 'secret', isRequired: true } as const,
            ]
          : []),
      ];
    case 'jwtAssertion':
      return settings.keyFormat === 'secret'
        ? [{ name: 'signingKey', label: 'Shared secret', kind: 'secret', isRequired: true }]
        : [
            {
              name: 'signingKey',
              label: settings.keyFormat === 'pem' ? 'Private key (PEM)' : 'Certificate (PFX)',
              kind: 'secretFile',
              isRequired: true,
            },
            ...(settings.keyFormat === 'pfx'
              ? [{ name: 'passphrase', label: 'PFX passphrase', kind: 'secret', isRequired: false } as const]
              : []),
          ];
    case 'hmacBody':
      return [{ name: 'signingKey', label: 'Secret key', kind: 'secret', isRequired: true }];
    case 'x509Body':
      return [{ name: 'privateKey', label: 'Private key (PEM)', kind: 'secretFile', isRequired: true }];
    case 'mtls':
      return settings.certificateFormat === 'pem'
        ? [
            { name: 'certificate', label: 'Client certificate (PEM)', kind: 'textFile', isRequired: true },
            { name: 'privateKey', label: 'Private key (PEM)', kind: 'secretFile', isRequired: true },
            { name: 'passphrase', label: 'Key passphrase', kind: 'secret', isRequired: false },
            { name: 'ca', label: 'CA certificate (PEM)', kind: 'textFile', isRequired: false },
          ]
        : [
            { name: 'pfx', label: 'Client certificate (PFX)', kind: 'secretFile', isRequired: true },
            { name: 'passphrase', label: 'PFX passphrase', kind: 'secret', isRequired: false },
            { name: 'ca', label: 'CA certificate (PEM)', kind: 'textFile', isRequired: false },
          ];
  }
}
