/**
 * Whether a body's text is JSON, and its value: the Test panel and a run's records show a JSON
 * body as a tree and any other body as the text it is.
 */

/** A body read as JSON (`isJson`), or not JSON at all (an empty body is not). */
export type ReadBody = { isJson: true; value: unknown } | { isJson: false };

/** Reads a body's text as JSON; text that does not parse is not JSON. */
export function readJsonBody(text: string | null | undefined): ReadBody {
  if (text === null || text === undefined || text.trim() === '') return { isJson: false };
  try {
    return { isJson: true, value: JSON.parse(text) as unknown };
  } catch {
    return { isJson: false };
  }
}
