/** Masks secret values wherever a request or response is shown, logged or stored. */
import { secretMask } from '../../../shared/domain/configuration';

/** Headers whose whole value is a credential, whatever it contains. */
const credentialHeaders = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

export interface SecretMasker {
  text(value: string): string;
  headers(headers: Readonly<Record<string, string>>): Record<string, string>;
}

/**
 * Masks each secret as it is and as it appears URL- or form-encoded. Very short values (under
 * 4 characters) are left alone: masking "a" would garble everything and protect nothing.
 */
export function createSecretMasker(secrets: readonly string[]): SecretMasker {
  const key = secrets.join('\u0000');
  const cached = recentMaskers.get(key);
  if (cached !== undefined) return cached;
  const masker = buildMasker(secrets);
  // A few configurations are in use at a time: keep the last ones, drop the oldest.
  if (recentMaskers.size >= maxCachedMaskers)
    recentMaskers.delete(recentMaskers.keys().next().value as string);
  recentMaskers.set(key, masker);
  return masker;
}

const maxCachedMaskers = 16;
const recentMaskers = new Map<string, SecretMasker>();

function buildMasker(secrets: readonly string[]): SecretMasker {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams({ s: secret }).toString().slice(2));
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...variants].sort((a, b) => b.length - a.length);
  const text = (value: string) => {
    let masked = value;
    for (const secret of ordered) if (masked.includes(secret)) masked = masked.split(secret).join(secretMask);
    return masked;
  };
  return {
    text,
    headers: (headers) => {
      const masked: Record<string, string> = {};
      for (const name in headers) {
        const value = headers[name] as string;
        if (!credentialHeaders.has(name.toLowerCase())) {
          masked[name] = text(value);
          continue;
        }
        const scheme = /^(Bearer|Basic|Digest|Token)\s/i.exec(value)?.[1];
        masked[name] = scheme === undefined ? secretMask : `${scheme} ${secretMask}`;
      }
      return masked;
    },
  };
}
