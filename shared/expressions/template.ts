/**
 * Templates: `{{ path }}` placeholders in any text field (PRODUCT.md §3–§4), e.g.
 * `{{inputs.ticketId}}`, `{{steps.get_ticket.outputs.title}}`, `{{trigger.body.items[0].id}}`.
 *
 * Grammar (see README.md in this folder):
 *   template    = { text | "\{{" | placeholder }
 *   placeholder = "{{" [spaces] path [spaces] "}}"
 *   path        = name { "." name | "[" digits "]" }
 *   name        = ( letter | "_" | "$" ) { letter | digit | "_" | "$" | "-" }
 */
import { ExpressionError } from './expressionError';

export type PathSegment = string | number;

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; path: string; segments: PathSegment[]; start: number; end: number };

export interface ResolveOptions {
  /** 'error' (default): an absent variable throws, naming it; 'empty': it renders as "". */
  onMissing?: 'error' | 'empty';
  /** Applied to each substituted value, e.g. encodeURIComponent for a URL path. */
  encode?: (value: string) => string;
}

const namePattern = /^[A-Za-z_$][\w$-]*/;

/** Splits a template into literal text and placeholders; throws ExpressionError on bad syntax. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    if (text.startsWith('\\{{', index)) {
      literal += '{{';
      index += 3;
      continue;
    }
    if (!text.startsWith('{{', index)) {
      literal += text[index] ?? '';
      index += 1;
      continue;
    }
    const close = text.indexOf('}}', index + 2);
    if (close < 0)
      throw new ExpressionError(`"{{" at position ${String(index)} is never closed with "}}"`, index);
    const inner = text.slice(index + 2, close);
    const offset = index + 2 + (inner.length - inner.trimStart().length);
    const path = inner.trim();
    if (path === '') throw new ExpressionError(`Empty placeholder at position ${String(index)}`, index);
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push({ kind: 'variable', path, segments: parsePath(path, offset), start: index, end: close + 2 });
    index = close + 2;
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return parts;
}

/** `a.b[0].c` → ['a', 'b', 0, 'c']; `offset` places errors within the whole template. */
export function parsePath(path: string, offset = 0): PathSegment[] {
  if (path === '') throw new ExpressionError(`Empty placeholder at position ${String(offset)}`, offset);
  const segments: PathSegment[] = [];
  let index = 0;
  let expectName = true;
  while (index < path.length) {
    if (expectName) {
      const name = namePattern.exec(path.slice(index))?.[0];
      if (name === undefined) {
        throw new ExpressionError(
          `Unexpected "${path[index] ?? ''}" at position ${String(offset + index)} in "${path}"`,
          offset + index,
        );
      }
      segments.push(name);
      index += name.length;
      expectName = false;
    } else if (path[index] === '.') {
      index += 1;
      expectName = true;
    } else if (path[index] === '[') {
      const match = /^\[(\d+)\]/.exec(path.slice(index));
      if (match === null) {
        throw new ExpressionError(
          `Expected "[<number>]" at position ${String(offset + index)} in "${path}"`,
          offset + index,
        );
      }
      segments.push(Number(match[1]));
      index += match[0].length;
    } else {
      throw new ExpressionError(
        `Unexpected "${path[index] ?? ''}" at position ${String(offset + index)} in "${path}"`,
        offset + index,
      );
    }
  }
  if (expectName) throw new ExpressionError(`"${path}" ends with "."`, offset + path.length);
  return segments;
}

/** The placeholders' paths, each once, in order of appearance. */
export function listTemplateVariables(text: string): string[] {
  const paths = parseTemplate(text).flatMap((part) => (part.kind === 'variable' ? [part.path] : []));
  return [...new Set(paths)];
}

const absent = Symbol('absent');

/** Follows a path through plain objects and arrays; `absent` when any step is missing. */
export function lookUp(scope: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = scope;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return absent;
      current = current[segment];
    } else {
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return absent;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** How a value reads inside text: strings as they are, null as "", objects and arrays as JSON. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

const recentParses = new Map<string, readonly TemplatePart[]>();
const maxRecentParses = 1_000;

/**
 * parseTemplate, once per distinct text: a run resolves the same step fields again and again.
 * The parts are shared, so they are never changed; a text that does not parse is not kept.
 */
function parsedTemplate(text: string): readonly TemplatePart[] {
  let parts = recentParses.get(text);
  if (parts === undefined) {
    parts = parseTemplate(text);
    if (recentParses.size >= maxRecentParses) recentParses.clear();
    recentParses.set(text, parts);
  }
  return parts;
}

/** Substitutes every placeholder; an absent variable throws an error naming it. */
export function resolveTemplate(text: string, scope: unknown, options: ResolveOptions = {}): string {
  let result = '';
  for (const part of parsedTemplate(text)) {
    if (part.kind === 'text') {
      result += part.text;
      continue;
    }
    const value = lookUp(scope, part.segments);
    if (value === absent) {
      if (options.onMissing === 'empty') continue;
      throw new ExpressionError(
        `Unknown variable "${part.path}" at position ${String(part.start)}`,
        part.start,
      );
    }
    const rendered = renderValue(value);
    result += options.encode === undefined ? rendered : options.encode(rendered);
  }
  return result;
}

/**
 * Like resolveTemplate, but a text that is exactly one placeholder gives the variable's own
 * value (number, object…), so a JSON body field `"{{inputs.count}}"` can keep its type.
 */
export function resolveTemplateValue(text: string, scope: unknown, options: ResolveOptions = {}): unknown {
  const parts = parsedTemplate(text);
  const [only] = parts;
  if (parts.length === 1 && only?.kind === 'variable') {
    const value = lookUp(scope, only.segments);
    if (value !== absent) return value;
  }
  return resolveTemplate(text, scope, options);
}

/** Escapes a value for the inside of a JSON string literal (no surrounding quotes). */
export function jsonStringEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
