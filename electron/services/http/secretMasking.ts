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

const hex4 = (code: number) => code.toString(16).padStart(4, '0');
const escapeNonAscii = (text: string, toHex: (code: number) => string) =>
  text.replace(/[\u0080-\uffff]/g, (character) => `\\u${toHex(character.charCodeAt(0))}`);

/**
 * The forms a secret takes inside a JSON string as APIs write them: JSON.stringify's; with "/"
 * written "\/" (PHP's default); with non-ASCII as \uXXXX in either case (Python's and PHP's
 * default); with & < > as \u0026 \u003c \u003e (Go's); and escaped twice (JSON in a JSON string,
 * as an echo of a JSON body sends it). An API echoing a credential in any of them shows it.
 */
function jsonEscapedForms(secret: string): Set<string> {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([escaped, JSON.stringify(escaped).slice(1, -1)]);
  for (const slash of [escaped, escaped.replace(/\//g, '\\/')])
    for (const html of [
      slash,
      slash.replace(/[&<>]/g, (character) => `\\u${hex4(character.charCodeAt(0))}`),
    ]) {
      forms.add(html);
      forms.add(escapeNonAscii(html, hex4));
      forms.add(escapeNonAscii(html, (code) => hex4(code).toUpperCase()));
    }
  return forms;
}

/** A character as a pattern of itself, whatever it is ("." or "[" included). */
const literal = (character: string) =>
  character
    .split('')
    .map((unit) => `\\u${hex4(unit.charCodeAt(0))}`)
    .join('');
const hexDigit = (digit: number) => {
  const text = digit.toString(16);
  return /\d/.test(text) ? text : `[${text}${text.toUpperCase()}]`;
};

/**
 * A pattern of the secret with any of its reserved characters percent-encoded, in either case of
 * hex, a space also as "+": an API echoing an address writes it back encoded its own way (werkzeug
 * sends "a+b/c==" back as "a+b/c%3D%3D", which no single encoding of the secret gives). None for
 * a secret of letters, digits and "-._~", which every encoder leaves as they are.
 */
function percentEncodedPattern(secret: string): string | undefined {
  if (/^[\w.~-]*$/.test(secret)) return undefined;
  return [...secret]
    .map((character) => {
      if (/^[\w.~-]$/.test(character)) return character;
      const bytes = [...Buffer.from(character, 'utf8')];
      const encoded = bytes.map((byte) => `%${hexDigit(byte >> 4)}${hexDigit(byte & 15)}`).join('');
      return `(?:${literal(character)}|${encoded}${character === ' ' ? '|\\+' : ''})`;
    })
    .join('');
}

/**
 * Masks each secret as it is, URL- or form-encoded (or encoded the way an echo re-encodes it), and
 * escaped as JSON writers escape it. Very short values (under 4 characters) are left alone: masking
 * "a" would garble everything and protect nothing.
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
    for (const escaped of jsonEscapedForms(secret)) variants.add(escaped);
  }
  const ordered = [...variants].sort((a, b) => b.length - a.length);
  const patterns = secrets
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length)
    .flatMap((secret) => percentEncodedPattern(secret) ?? []);
  const encodedAnyhow = patterns.length === 0 ? undefined : new RegExp(patterns.join('|'), 'g');
  const text = (value: string) => {
    let masked = value;
    for (const secret of ordered) if (masked.includes(secret)) masked = masked.split(secret).join(secretMask);
    // Only text with a % or a + can hold a form the loop above did not mask.
    const mayHoldEncoded = masked.includes('%') || masked.includes('+');
    return encodedAnyhow === undefined || !mayHoldEncoded
      ? masked
      : masked.replace(encodedAnyhow, secretMask);
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
