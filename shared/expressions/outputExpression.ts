/**
 * Output variables read a response with one of (PRODUCT.md §3):
 * - Halo syntax, starting with `response` (see haloPath.ts);
 * - JSONPath (RFC 9535), starting with `$` — one match gives its value, several an array;
 * - `status`, or `headers.<name>` (case-insensitive).
 * Parse once (errors point at the position), evaluate per response.
 */
import { query } from 'jsonpath-rfc9535';
import parseJsonPath from 'jsonpath-rfc9535/parser';
import { ExpressionError } from './expressionError';
import { parseHaloPath, renderHaloResult, walkHaloPath, type HaloPath } from './haloPath';

export type OutputExpression =
  | { kind: 'status' }
  | { kind: 'header'; name: string }
  | ({ kind: 'halo' } & HaloPath)
  | { kind: 'jsonPath'; query: string };

export interface ResponseView {
  status: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

type JsonValue = Parameters<typeof query>[0];

export function parseOutputExpression(text: string): OutputExpression {
  const trimmed = text.trim();
  if (trimmed === 'status') return { kind: 'status' };
  const header = /^headers\.(.+)$/i.exec(trimmed);
  if (header?.[1] !== undefined) return { kind: 'header', name: header[1].toLowerCase() };
  if (trimmed.startsWith('response')) return { kind: 'halo', ...parseHaloPath(trimmed) };
  if (trimmed.startsWith('$')) {
    try {
      parseJsonPath(trimmed);
    } catch (error) {
      const offset = (error as { location?: { start?: { offset?: number } } }).location?.start?.offset ?? 0;
      const found = offset >= trimmed.length ? 'end of expression' : `"${trimmed[offset] ?? ''}"`;
      throw new ExpressionError(`Unexpected ${found} at position ${String(offset)} in ${trimmed}`, offset);
    }
    return { kind: 'jsonPath', query: trimmed };
  }
  throw new ExpressionError(
    'An output expression starts with "response" (Halo syntax), "$" (JSONPath), "status" or "headers."',
    0,
  );
}

/** The expression's value for one response; undefined when nothing matches. */
export function evaluateOutputExpression(expression: OutputExpression, response: ResponseView): unknown {
  switch (expression.kind) {
    case 'status':
      return response.status;
    case 'header':
      return response.headers[expression.name];
    case 'halo':
      return renderHaloResult(walkHaloPath(response.body, expression.steps), expression.isUnquoted);
    case 'jsonPath': {
      const matches = query(response.body as JsonValue, expression.query);
      return matches.length === 0 ? undefined : matches.length === 1 ? matches[0] : matches;
    }
  }
}
