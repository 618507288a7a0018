/**
 * Which field of a step an inspector edit changed, worked out from the step before and after it,
 * so that undo folds quick typing in one field but starts a new entry for another field — in every
 * step form, nested ones too (a webhook's settings, a Notify request's arguments), without each
 * field having to name itself.
 */

type Json = unknown;
type Container = Record<string, Json> | Json[];

/**
 * The path (keys joined by dots, such as `rules.1.right`) of the deepest part of `before` that
 * holds every difference from `after`:
 * 1. Start at the whole value.
 * 2. While both sides are objects, or arrays of one length, and exactly one key differs between
 *    them, go into that key.
 * 3. Stop where several keys differ, an array's length changed, or the values are not both
 *    containers; the path so far is the field.
 * Typing in one field gives the same path keystroke after keystroke; an edit touching several
 * fields (a method chosen with its name) gives their common parent, '' at the top.
 */
export function editedField(before: Json, after: Json): string {
  const path: string[] = [];
  let from = before;
  let to = after;
  for (let key = onlyDifferingKey(from, to); key !== null; key = onlyDifferingKey(from, to)) {
    path.push(key);
    from = childOf(from as Container, key);
    to = childOf(to as Container, key);
  }
  return path.join('.');
}

/** The one key whose values differ, null when none or several do or the two cannot be compared by key. */
function onlyDifferingKey(before: Json, after: Json): string | null {
  if (before === after || !isContainer(before) || !isContainer(after)) return null;
  if (Array.isArray(before) !== Array.isArray(after)) return null;
  if (Array.isArray(before) && Array.isArray(after) && before.length !== after.length) return null;
  let differing: string | null = null;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (isSameValue(childOf(before, key), childOf(after, key))) continue;
    if (differing !== null) return null;
    differing = key;
  }
  return differing;
}

function isContainer(value: Json): value is Container {
  return typeof value === 'object' && value !== null;
}

function childOf(container: Container, key: string): Json {
  return Array.isArray(container) ? container[Number(key)] : container[key];
}

/** Deep equality of plain JSON values (a step is small: this runs once per keystroke). */
function isSameValue(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && isSameValue(childOf(a, key), childOf(b, key)));
}
