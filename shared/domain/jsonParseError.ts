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
