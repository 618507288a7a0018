/** Value schemas several authorization types' settings share: header names, URLs, token lifetimes. */
import { z } from 'zod';

/** An HTTP header name (RFC 9110 token), at most 200 characters. */
export const headerNameSchema = z
  .string()
  .trim()
  .max(200, { message: 'A header name has at most 200 characters' })
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'Not a valid HTTP header name' });

/** An http:// or https:// URL, at most 2,000 characters. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2_000, { message: 'A URL has at most 2,000 characters' })
  .regex(/^https?:\/\/\S+$/i, { message: 'Enter an http:// or https:// URL' });

/** Free text of a settings field (scope, audience, issuer…), at most 2,000 characters. */
export const settingsTextSchema = z.string().trim().max(2_000).default('');

/** For tokens that carry no expires_in: seconds to keep them, or null to keep them until refused. */
export const defaultExpirySecondsSchema = z.number().int().min(1).max(31_536_000).nullable().default(null);

/** The connection form's field for `defaultExpirySeconds`, shared by the token-fetching types. */
export const defaultExpiryField = {
  path: 'defaultExpirySeconds',
  label: 'Default token lifetime (seconds)',
  hint: 'For tokens the server sends without expires_in; empty: kept until the API refuses it.',
  control: { kind: 'number', emptyValue: null },
} as const;
