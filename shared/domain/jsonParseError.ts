/**
 * What JSON.parse's refusal says, without the part of the text it quotes: V8 shows about ten
 * characters around the fault (`Unexpected token 'B', ..."key": Bearer "sk-li"... is not valid
 * JSON`), which in a request body filled with credentials, or a webhook sender's payload kept in
 * the trigger log, is the start of a secret that no masking finds, being only part of it.
 */
export function jsonParseErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(
    /, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/,
    ' (the text is not valid JSON)',
  );
}
