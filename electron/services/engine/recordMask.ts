/**
 * What a run records, with the values it may use but must not keep (a webhook's own credential
 * mapped to an input) written as ••••: its inputs, trigger payload, step records and errors.
 */
import { secretMask } from '../../../shared/domain/configuration';
import { createSecretMasker } from '../http/secretMasking';

export type RecordMask = <T>(value: T) => T;

const keepAsIs: RecordMask = (value) => value;

export function recordMaskFor(values: readonly string[] | undefined): RecordMask {
  if (values === undefined || values.length === 0) return keepAsIs;
  const masker = createSecretMasker(values);
  // A credential mapped to a number or true/false input is no longer text ("0098765432" became
  // 98765432): compare what it converts to. Short forms are left, as the masker leaves short text.
  const converted = new Set<unknown>(values.filter((value) => value.length >= 4));
  for (const value of values) {
    const number = value.trim() === '' ? Number.NaN : Number(value);
    if (Number.isFinite(number) && String(number).length >= 4) converted.add(number);
  }
  // Each text on its own rather than the JSON at once: an escaped quote or backslash in a
  // credential would not match inside JSON text and would stay in clear.
  const mask = (value: unknown): unknown => {
    if (typeof value === 'string') return masker.text(value);
    if (typeof value === 'number' || typeof value === 'boolean')
      return converted.has(value) || converted.has(String(value)) ? secretMask : value;
    if (Array.isArray(value)) return value.map(mask);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mask(inner)]));
  };
  return <T>(value: T) => mask(value) as T;
}
