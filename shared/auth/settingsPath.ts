/**
 * Reading and writing authorization settings by path (`grantType`, `timestamp.headerName`) and
 * testing a descriptor's conditions against them: how the generic form and the credential lists
 * apply a declaration without knowing the type.
 */
import type { LooseSettingsCondition } from './authTypeDescriptor';

/** The value at a dotted path; undefined where a part is missing. */
export function valueAtPath(settings: object, path: string): unknown {
  let value: unknown = settings;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A copy of the settings with the value at the path replaced (the objects on the way copied too). */
export function withValueAtPath<S extends object>(settings: S, path: string, value: unknown): S {
  const [key = '', ...rest] = path.split('.');
  const current = settings as Record<string, unknown>;
  if (rest.length === 0) return { ...settings, [key]: value };
  const inner = current[key];
  const innerObject = typeof inner === 'object' && inner !== null ? inner : {};
  return { ...settings, [key]: withValueAtPath(innerObject, rest.join('.'), value) };
}

/** True when every path of the condition holds one of its values; an absent condition always holds. */
export function matchesSettings(settings: object, condition: LooseSettingsCondition | undefined): boolean {
  if (condition === undefined) return true;
  return Object.entries(condition).every(
    ([path, allowed]) => allowed === undefined || allowed.includes(valueAtPath(settings, path)),
  );
}

/** A condition in words for documentation, e.g. `grantType is password or authorization_code`. */
export function describeCondition(condition: LooseSettingsCondition): string {
  return Object.entries(condition)
    .filter((entry): entry is [string, readonly unknown[]] => entry[1] !== undefined)
    .map(([path, allowed]) => `${path} is ${allowed.map(String).join(' or ')}`)
    .join(' and ');
}
