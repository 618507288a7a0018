/**
 * Names the token a set of authorization settings gets: a method that overrides its
 * integration's authorization (another scope, audience, token URL, grant, claims) has a token of
 * its own in the configuration's cache, instead of being sent the integration's.
 */
import crypto from 'node:crypto';
import type { AuthSettings } from '../../../shared/auth/authTypeRegistry';

/** The value as JSON with every object's keys sorted: equal settings give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The slot of these settings in a configuration's token cache (a digest of all of them). */
export function tokenSlotOf(settings: AuthSettings): string {
  return crypto.createHash('sha256').update(canonicalJson(settings)).digest('base64url');
}
