/**
 * The resource cache's structural sharing: a new answer keeps the parts of the previous one that
 * did not change (so a component given an unchanged part does not draw again), as TanStack
 * Query's own does, with one difference. TanStack's builds each changed object by assignment, and
 * a key named `__proto__` — an ordinary name to JSON, e.g. in a step's outputs or an API's body —
 * assigned into an object sets its prototype instead: the key vanished from the page. Here such a
 * key is defined as the object's own.
 */

/** Deeper than this, the new answer is taken as it is (as TanStack does). */
const maxDepth = 500;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** Sets one own key of `target`, `__proto__` included. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * `next`, with every part equal to the same part of `previous` replaced by that part; `previous`
 * itself when the two are equal throughout.
 */
export function sharedStructure(previous: unknown, next: unknown, depth = 0): unknown {
  if (previous === next || depth > maxDepth) return next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    const items = next.map((item: unknown, index) => sharedStructure(previous[index], item, depth + 1));
    const isSame = items.length === previous.length && items.every((item, index) => item === previous[index]);
    return isSame ? previous : items;
  }
  if (!isPlainObject(previous) || !isPlainObject(next)) return next;
  const copy: Record<string, unknown> = {};
  const keys = Object.keys(next);
  let kept = 0;
  for (const key of keys) {
    const isOld = Object.hasOwn(previous, key);
    const value = sharedStructure(isOld ? previous[key] : undefined, next[key], depth + 1);
    setOwn(copy, key, value);
    if (isOld && value === previous[key]) kept += 1;
  }
  return kept === keys.length && keys.length === Object.keys(previous).length ? previous : copy;
}
