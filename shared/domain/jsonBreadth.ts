/**
 * How broad JSON text may be where it arrives from outside (a webhook's payload, a call to
 * `serve`). Parsing, checking and storing a value take time in proportion to its keys and array
 * items, and an object of very many keys far more (V8 keeps it as a hash table): 90,000 keys in
 * one 1 MB webhook payload held the listener 1.1 s, during which nothing else was answered. The
 * text is counted before it is parsed, in one pass that allocates nothing per value (one record per level of nesting), so a body
 * over the bounds is refused in milliseconds.
 */
import { countText } from './countText';

/** The most keys one object may have: the contract's largest record (a draft's positions) has 10,000. */
export const maxJsonObjectKeys = 10_000;

/** Too many keys and array items in all, or too many keys in the object at `path` ("$.a[0]"). */
export type JsonBreadthFault = { kind: 'values' } | { kind: 'keys'; path: string };

/** One open object or array of the text: its keys or items so far, and the last key's place. */
interface Level {
  isObject: boolean;
  count: number;
  keyStart: number;
  keyEnd: number;
}

/**
 * Levels deeper than this are not told apart (each of their commas counts as a value): the value
 * is refused for its depth once parsed (jsonNesting.ts), and the scan keeps no stack for it.
 */
const trackedLevels = 100;

const quote = 0x22;
const backslash = 0x5c;
const isBlank = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** Makes `levels[index]` a fresh level, reusing the one left there by a closed sibling. */
function openLevel(levels: Level[], index: number, isObject: boolean): void {
  const level = levels[index];
  if (level === undefined) {
    levels[index] = { isObject, count: 0, keyStart: 0, keyEnd: 0 };
    return;
  }
  level.isObject = isObject;
  level.count = 0;
}

/** Where the object at the top of `levels` sits, as a path from the value ("$.items[3]"). */
function pathOf(text: string, levels: readonly Level[], depth: number): string {
  let path = '$';
  for (let index = 0; index < depth - 1; index += 1) {
    const level = levels[index];
    if (level === undefined) break;
    path += level.isObject
      ? `.${text.slice(level.keyStart, level.keyEnd).slice(0, 40)}`
      : `[${String(level.count - 1)}]`;
  }
  return path.length > 200 ? `…${path.slice(-200)}` : path;
}

/**
 * Whether the JSON `text` holds more than `maxValues` keys and array items in all, or an object
 * of more than maxJsonObjectKeys keys (the first found); undefined when it does not. Text that is
 * not JSON is counted as far as it goes: parsing it says what is wrong.
 */
export function findTooBroad(text: string, maxValues: number): JsonBreadthFault | undefined {
  const levels: Level[] = [];
  let depth = 0;
  let values = 0;
  let isInString = false;
  let stringStart = 0;
  let stringEnd = 0;
  let isArrayOpening = false;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (isInString) {
      if (code === backslash) at += 1;
      else if (code === quote) {
        isInString = false;
        stringEnd = at;
      }
      continue;
    }
    if (isBlank(code)) continue;
    const top = depth > 0 && depth <= trackedLevels ? levels[depth - 1] : undefined;
    if (isArrayOpening) {
      isArrayOpening = false;
      // An array's first item has no comma before it.
      if (code !== 0x5d) {
        values += 1;
        if (top !== undefined) top.count = 1;
      }
    }
    if (code === quote) {
      isInString = true;
      stringStart = at + 1;
    } else if (code === 0x3a) {
      values += 1;
      if (top !== undefined) {
        top.count += 1;
        top.keyStart = stringStart;
        top.keyEnd = stringEnd;
        if (top.count > maxJsonObjectKeys) return { kind: 'keys', path: pathOf(text, levels, depth) };
      }
    } else if (code === 0x2c) {
      // A comma in an object parts keys, already counted at their colons.
      if (top === undefined || !top.isObject) values += 1;
      if (top !== undefined && !top.isObject) top.count += 1;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth <= trackedLevels) openLevel(levels, depth - 1, code === 0x7b);
      isArrayOpening = code === 0x5b;
    } else if (code === 0x7d || code === 0x5d) {
      depth = Math.max(0, depth - 1);
    }
    if (values > maxValues) return { kind: 'values' };
  }
  return undefined;
}

/** The refusal of a value too broad, `what` naming it ("The body"). */
export function tooBroadMessage(what: string, fault: JsonBreadthFault, maxValues: number): string {
  return fault.kind === 'keys'
    ? `${what} holds an object of more than ${countText(maxJsonObjectKeys)} keys (at ${fault.path}); send at most ${countText(maxJsonObjectKeys)} keys in one object.`
    : `${what} holds more than ${countText(maxValues)} keys and array items; send at most ${countText(maxValues)}.`;
}
