/**
 * Finds text that is not well-formed Unicode in a call's input: half of a UTF-16 surrogate pair
 * (JSON's "\ud800", or a string an IPC caller built). Such text has no UTF-8 form, so SQLite
 * stores U+FFFD in its place: the record read back differs from what was checked, and two
 * names the app saw as different meet in a UNIQUE index (a 500 instead of a clear answer).
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(text: string): boolean {
  return !loneSurrogate.test(text);
}

/** Where a value sits: its key and its parent's place (a chain, so deep input costs no copying). */
interface Place {
  key: string | number;
  parent: Place | undefined;
}

function pathOf(place: Place | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = place; at !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * The path of a string (a value, or the object whose key it is) holding a lone surrogate, or
 * undefined when all the text in the input is well-formed.
 * Walks with its own stack, so input nested thousands deep cannot overflow the call stack.
 */
export function findMalformedText(input: unknown): (string | number)[] | undefined {
  const pending: { value: unknown; place: Place | undefined }[] = [{ value: input, place: undefined }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, place } = next;
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) return pathOf(place);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, place: { key: index, parent: place } }));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (!isWellFormedText(key)) return pathOf(place);
        pending.push({ value: item, place: { key, parent: place } });
      }
    }
  }
  return undefined;
}
