/**
 * JWT assertion (RFC 7523 §2.1): a JWT signed with a shared secret (HS256) or an RSA key (RS256,
 * PS256; PEM or PFX) is exchanged at a token endpoint for an access token.
 */
import { z } from 'zod';
import { boundedJsonRecordSchema } from '../../domain/jsonNesting';
import { defineAuthType } from '../authTypeDescriptor';
import {
  defaultExpiryField,
  defaultExpirySecondsSchema,
  httpUrlSchema,
  settingsTextSchema,
} from '../settingsValueSchemas';

export const jwtAssertionAuthType = defineAuthType({
  type: 'jwtAssertion',
  displayName: 'JWT assertion (RFC 7523)',
  settingsSchema: z.object({
    type: z.literal('jwtAssertion'),
    algorithm: z.enum(['HS256', 'RS256', 'PS256']),
    keyFormat: z.enum(['secret', 'pem', 'pfx']),
    issuer: settingsTextSchema,
    subject: settingsTextSchema,
    audience: settingsTextSchema,
    extraClaims: boundedJsonRecordSchema.default({}),
    lifetimeSeconds: z.number().int().min(30).max(86_400).default(300),
    tokenUrl: httpUrlSchema,
    scope: settingsTextSchema,
    exchangeFormat: z.enum(['form', 'json']).default('form'),
    /** For tokens that carry no expires_in. */
    defaultExpirySeconds: defaultExpirySecondsSchema,
  }),
  defaults: {
    type: 'jwtAssertion',
    algorithm: 'RS256',
    keyFormat: 'pem',
    issuer: '',
    subject: '',
    audience: '',
    extraClaims: {},
    lifetimeSeconds: 300,
    tokenUrl: '',
    scope: '',
    exchangeFormat: 'form',
    defaultExpirySeconds: null,
  },
  settingsFields: [
    {
      path: 'algorithm',
      label: 'Algorithm',
      control: {
        kind: 'select',
        // The key format follows the algorithm: HS256 signs with a secret, the others with a key.
        options: [
          { value: 'HS256', label: 'HS256 (shared secret)', alsoSets: { keyFormat: 'secret' } },
          { value: 'RS256', label: 'RS256', alsoSets: { keyFormat: 'pem' } },
          { value: 'PS256', label: 'PS256', alsoSets: { keyFormat: 'pem' } },
        ],
      },
      row: 'algorithm',
    },
    {
      path: 'exchangeFormat',
      label: 'Send to the token endpoint as',
      control: {
        kind: 'select',
        options: [
          { value: 'form', label: 'Form (application/x-www-form-urlencoded)' },
          { value: 'json', label: 'JSON' },
        ],
      },
      row: 'algorithm',
    },
    {
      path: 'keyFormat',
      label: 'Private key format',
      control: {
        kind: 'select',
        options: [
          { value: 'pem', label: 'PEM private key' },
          { value: 'pfx', label: 'PFX / PKCS#12 with passphrase' },
        ],
      },
      when: { algorithm: ['RS256', 'PS256'] },
    },
    { path: 'tokenUrl', label: 'Token URL', control: { kind: 'text' } },
    { path: 'issuer', label: 'Issuer (iss)', control: { kind: 'text' }, row: 'who' },
    { path: 'subject', label: 'Subject (sub)', control: { kind: 'text' }, row: 'who' },
    { path: 'audience', label: 'Audience (aud)', control: { kind: 'text' }, row: 'for' },
    { path: 'scope', label: 'Scope', control: { kind: 'text' }, row: 'for' },
    {
      path: 'extraClaims',
      label: 'Extra claims (JSON object)',
      hint: 'Added to the assertion; iss, sub, aud, iat, exp and jti above take precedence.',
      control: {
        kind: 'jsonObject',
        placeholder: '{"scope": "…"}',
        shapeMessage:
          'Extra claims are a JSON object, e.g. {"scope": "https://www.googleapis.com/auth/drive"}.',
      },
    },
    {
      path: 'lifetimeSeconds',
      label: 'Assertion lifetime (seconds)',
      hint: 'How long the signed assertion is valid: 30 to 86,400.',
      control: { kind: 'number', emptyValue: 300 },
      row: 'lifetimes',
    },
    { ...defaultExpiryField, row: 'lifetimes' },
  ],
  credentialFields: [
    {
      name: 'signingKey',
      label: 'Shared secret',
      kind: 'secret',
      isRequired: true,
      help: 'The HS256 secret the token endpoint checks the assertion with.',
      when: { keyFormat: ['secret'] },
    },
    {
      name: 'signingKey',
      label: 'Private key (PEM)',
      kind: 'secretFile',
      isRequired: true,
      help: 'An unencrypted RSA key, PKCS#8 or PKCS#1.',
      when: { keyFormat: ['pem'] },
    },
    {
      name: 'signingKey',
      label: 'Certificate (PFX)',
      kind: 'secretFile',
      isRequired: true,
      help: 'A .pfx or .p12 file holding the RSA key.',
      when: { keyFormat: ['pfx'] },
    },
    {
      name: 'passphrase',
      label: 'PFX passphrase',
      kind: 'secret',
      isRequired: false,
      when: { keyFormat: ['pfx'] },
    },
  ],
});
