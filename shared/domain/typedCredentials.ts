/**
 * A credential typed straight into a method — an Authorization header with a value rather than a
 * {{placeholder}}, an api_key query parameter — is stored in clear and travels in every export.
 * One rule, asked in two places: saving a method asks the user to confirm a new one, and an
 * export names each one it carries. Where such a value belongs instead: the integration's
 * authorization and a configuration's encrypted secrets.
 */
import type { KeyValueRow } from './method';

/** Header names that carry a credential (compared lower-case). */
const credentialHeaderNames: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
]);
const credentialQueryNames = /^(api[_-]?key|access[_-]?token|token|key|secret|password)$/i;

export interface TypedCredential {
  location: 'header' | 'query';
  /** The row's position in the method's headers or query list. */
  index: number;
  /** The header or parameter name, as written. */
  key: string;
  value: string;
}

/** The enabled header and query rows of a method that hold a credential as typed text. */
export function typedCredentialsOf(method: {
  headers: readonly KeyValueRow[];
  query: readonly KeyValueRow[];
}): TypedCredential[] {
  const typed = (
    location: TypedCredential['location'],
    rows: readonly KeyValueRow[],
    isCredentialName: (key: string) => boolean,
  ): TypedCredential[] =>
    rows.flatMap((row, index) =>
      row.isEnabled && isCredentialName(row.key.trim()) && isTypedValue(row.value)
        ? [{ location, index, key: row.key.trim(), value: row.value }]
        : [],
    );
  return [
    ...typed('header', method.headers, (key) => credentialHeaderNames.has(key.toLowerCase())),
    ...typed('query', method.query, (key) => credentialQueryNames.test(key)),
  ];
}

/** A value written out, not filled in from a {{variable}} at the time of sending. */
function isTypedValue(value: string): boolean {
  return value.trim() !== '' && !value.includes('{{');
}

/** "the header Authorization", "the query parameter api_key": how a message names the row. */
export function typedCredentialPlace(credential: TypedCredential): string {
  return `the ${credential.location === 'header' ? 'header' : 'query parameter'} ${credential.key}`;
}
