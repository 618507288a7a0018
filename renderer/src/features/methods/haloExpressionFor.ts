/** The Halo expression that reads a value at a path of the response body. */

export type PathStep = string | number;

/** `['choices', 0, 'text']` and a string → `response^choices[0]^text!` (strings get a trailing !). */
export function haloExpressionFor(path: readonly PathStep[], value: unknown): string {
  const body = path.map((step) => (typeof step === 'number' ? `[${String(step)}]` : `^${step}`)).join('');
  return `response${body}${typeof value === 'string' ? '!' : ''}`;
}
