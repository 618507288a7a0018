/**
 * OAuth 2.0 (RFC 6749): client credentials, password, authorization code, and authorization code
 * with PKCE; the token endpoint and grant are settings, the client and user credentials belong to
 * each configuration.
 */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';
import {
  defaultExpiryField,
  defaultExpirySecondsSchema,
  httpUrlSchema,
  settingsTextSchema,
} from '../settingsValueSchemas';

export const oauth2GrantTypes = [
  'client_credentials',
  'password',
  'authorization_code',
  'authorization_code_pkce',
] as const;

const grantLabels: Record<(typeof oauth2GrantTypes)[number], string> = {
  client_credentials: 'Client credentials',
  password: 'Password',
  authorization_code: 'Authorization code',
  authorization_code_pkce: 'Authorization code with PKCE',
};

export const oauth2AuthType = defineAuthType({
  type: 'oauth2',
  displayName: 'OAuth 2.0',
  settingsSchema: z.object({
    type: z.literal('oauth2'),
    grantType: z.enum(oauth2GrantTypes),
    tokenUrl: httpUrlSchema,
    authorizeUrl: settingsTextSchema,
    scope: settingsTextSchema,
    audience: settingsTextSchema,
    clientAuthentication: z.enum(['header', 'body']).default('header'),
    /** For tokens that carry no expires_in. */
    defaultExpirySeconds: defaultExpirySecondsSchema,
  }),
  defaults: {
    type: 'oauth2',
    grantType: 'client_credentials',
    tokenUrl: '',
    authorizeUrl: '',
    scope: '',
    audience: '',
    clientAuthentication: 'header',
    defaultExpirySeconds: null,
  },
  settingsFields: [
    {
      path: 'grantType',
      label: 'Grant type',
      control: {
        kind: 'select',
        options: oauth2GrantTypes.map((grant) => ({ value: grant, label: grantLabels[grant] })),
      },
      row: 'grant',
    },
    {
      path: 'clientAuthentication',
      label: 'Client authentication',
      control: {
        kind: 'select',
        options: [
          { value: 'header', label: 'In the Authorization header' },
          { value: 'body', label: 'In the request body' },
        ],
      },
      row: 'grant',
    },
    { path: 'tokenUrl', label: 'Token URL', control: { kind: 'text' } },
    {
      path: 'authorizeUrl',
      label: 'Authorize URL',
      hint: 'Sign-in opens your browser and returns to Runbook Designer on 127.0.0.1 (RFC 8252).',
      control: { kind: 'text' },
      when: { grantType: ['authorization_code', 'authorization_code_pkce'] },
    },
    { path: 'scope', label: 'Scope', control: { kind: 'text' }, row: 'scope' },
    { path: 'audience', label: 'Audience', control: { kind: 'text' }, row: 'scope' },
    defaultExpiryField,
  ],
  credentialFields: [
    {
      name: 'clientId',
      label: 'Client ID',
      kind: 'text',
      isRequired: true,
      help: 'From the application registered with the provider.',
    },
    {
      name: 'clientSecret',
      label: 'Client secret',
      kind: 'secret',
      isRequired: { grantType: ['client_credentials', 'password', 'authorization_code'] },
      help: 'A public client signing in with PKCE may have none.',
    },
    {
      name: 'username',
      label: 'Username',
      kind: 'text',
      isRequired: true,
      when: { grantType: ['password'] },
    },
    {
      name: 'password',
      label: 'Password',
      kind: 'secret',
      isRequired: true,
      when: { grantType: ['password'] },
    },
  ],
});
