/**
 * Stored JSON read through a schema once per distinct text: a run reads the same method and
 * integration at every step, and parsing them again each time cost more than sending the request.
 * Values are frozen, so a caller that tried to change a shared one would fail loudly.
 */

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export function createParseCache<T>(parse: (text: string) => T, limit = 500): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const cached = cache.get(text);
    if (cached !== undefined) return cached;
    const parsed = deepFreeze(parse(text));
    if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    cache.set(text, parsed);
    return parsed;
  };
}
