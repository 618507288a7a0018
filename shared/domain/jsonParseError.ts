/**
 * What JSON.parse's refusal says, without the part of the text it quotes: V8 shows about ten
 * characters around the fault (`Unexpected token 'B', ..."key": Bearer "sk-li"... is not valid
 * JSON`), which in a request body filled with credentials, a webhook sender's payload kept in
 * the trigger log, or a file given to import, is the start of a secret that no masking finds,
 * being only part of it.
 */

/** V8's quotation of the text around the fault, and the words after it. */
const quotedText = /, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The refusal, the text it quoted replaced by "(the text is not valid JSON)". */
export function jsonParseErrorMessage(error: unknown): string {
  return messageOf(error).replace(quotedText, ' (the text is not valid JSON)');
}

/**
 * What is wrong and where, for a message that already says the text is not JSON (a file refused
 * at import): `Unexpected token 'B'`, `Unterminated string in JSON at position 20`.
 */
export function jsonParseFault(error: unknown): string {
  return messageOf(error).replace(quotedText, '');
}

/** V8's place of a fault: "in JSON at position 7", with "(line 1 column 8)" in newer versions. */
const placeInJson = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/;

/** Whether the parse of `prefix` fails before its end (not only for ending too soon). */
function failsWithin(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = messageOf(error);
    const place = placeInJson.exec(message);
    if (place !== null) return Number(place[1]) < prefix.length;
    return !message.startsWith('Unexpected end of JSON input');
  }
}

/**
 * The index of the first character of `text` that cannot go on as JSON (its length when the text
 * ends too soon): the shortest start of the text that fails before its end, found by halving.
 * V8 gives no place for an unexpected token, only the text around it.
 */
function faultIndexOf(text: string): number {
  if (!failsWithin(text)) return text.length;
  let low = 0;
  let high = text.length;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (failsWithin(text.slice(0, middle))) high = middle;
    else low = middle;
  }
  return high - 1;
}

/**
 * What a text field holding JSON reads as: its value, or what is wrong and where, by line and
 * column, quoting none of it ("Not valid JSON: Unexpected token 'B' (line 2, column 10)."): a field
 * may hold credentials, and its message shows under it, and in any screenshot of it.
 */
export function readJsonText(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const index = faultIndexOf(text);
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    const column = index - before.lastIndexOf('\n');
    const fault = jsonParseFault(error).replace(placeInJson, '');
    return { problem: `Not valid JSON: ${fault} (line ${String(line)}, column ${String(column)}).` };
  }
}
