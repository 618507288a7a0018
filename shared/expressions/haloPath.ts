/**
 * Halo syntax for output variables (PRODUCT.md §3), e.g. `response^choices[0]^text!`:
 *   halo  = "response" { "^" name | "[" digits "]" | "[" name "=" value "]" } [ "!" ]
 *   name  = one or more characters other than ^ [ ] = !
 *   value = a "double-quoted" string, or characters other than ]
 * `^name` goes to a child property, `[n]` indexes an array, `[prop=value]` picks the first
 * element whose prop equals value (compared as text), and a trailing `!` strips the quotes Halo
 * puts around a string result (see renderHaloResult).
 */
import { ExpressionError } from './expressionError';

export type HaloStep =
  | { kind: 'property'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'match'; property: string; value: string };

export interface HaloPath {
  steps: HaloStep[];
  isUnquoted: boolean;
}

const namePattern = /^[^^[\]=!]+/;

function unexpected(text: string, position: number): ExpressionError {
  const found = position >= text.length ? 'end of expression' : `"${text[position] ?? ''}"`;
  return new ExpressionError(`Unexpected ${found} at position ${String(position)} in ${text}`, position);
}

/** Parses a Halo path; `text` must start with "response". */
export function parseHaloPath(text: string): HaloPath {
  const steps: HaloStep[] = [];
  let index = 'response'.length;
  let isUnquoted = false;
  while (index < text.length) {
    const char = text[index];
    if (char === '^') {
      const name = namePattern.exec(text.slice(index + 1))?.[0];
      if (name === undefined) throw unexpected(text, index + 1);
      steps.push({ kind: 'property', name });
      index += 1 + name.length;
    } else if (char === '[') {
      const [step, length] = parseBracket(text, index);
      steps.push(step);
      index += length;
    } else if (char === '!' && index === text.length - 1) {
      isUnquoted = true;
      index += 1;
    } else {
      throw unexpected(text, index);
    }
  }
  return { steps, isUnquoted };
}

/** `[3]` or `[prop=value]` / `[prop="a b"]` starting at `start`; returns the step and its length. */
function parseBracket(text: string, start: number): [HaloStep, number] {
  const rest = text.slice(start);
  const indexMatch = /^\[(\d+)\]/.exec(rest);
  if (indexMatch !== null) return [{ kind: 'index', index: Number(indexMatch[1]) }, indexMatch[0].length];
  const property = namePattern.exec(rest.slice(1))?.[0];
  if (property === undefined) throw unexpected(text, start + 1);
  let position = start + 1 + property.length;
  if (text[position] !== '=') throw unexpected(text, position);
  position += 1;
  let value: string;
  if (text[position] === '"') {
    const close = text.indexOf('"', position + 1);
    if (close < 0)
      throw new ExpressionError(
        `The quote at position ${String(position)} is never closed in ${text}`,
        position,
      );
    value = text.slice(position + 1, close);
    position = close + 1;
  } else {
    const raw = /^[^\]]*/.exec(text.slice(position))?.[0] ?? '';
    value = raw;
    position += raw.length;
  }
  if (text[position] !== ']') throw unexpected(text, position);
  return [{ kind: 'match', property: property.trim(), value }, position + 1 - start];
}

/** Follows the steps through the body; undefined where a step finds nothing. */
export function walkHaloPath(body: unknown, steps: readonly HaloStep[]): unknown {
  let current: unknown = body;
  for (const step of steps) {
    if (current === undefined || current === null) return undefined;
    switch (step.kind) {
      case 'property':
        current =
          typeof current === 'object' && !Array.isArray(current) && Object.hasOwn(current, step.name)
            ? (current as Record<string, unknown>)[step.name]
            : undefined;
        break;
      case 'index':
        current = Array.isArray(current) ? current[step.index] : undefined;
        break;
      case 'match':
        current = Array.isArray(current)
          ? current.find(
              (element: unknown) =>
                typeof element === 'object' &&
                element !== null &&
                Object.hasOwn(element, step.property) &&
                textOf((element as Record<string, unknown>)[step.property]) === step.value,
            )
          : undefined;
        break;
    }
  }
  return current;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Halo renders a result as JSON, so a string comes out quoted; a trailing `!` takes the quotes
 * off. Here `!` on a string gives the string itself — unquoted and unescaped — because our
 * templates escape values where they are inserted (a JSON body would otherwise escape twice).
 * Numbers, booleans, objects and arrays are JSON text with or without `!`.
 */
export function renderHaloResult(value: unknown, isUnquoted: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (isUnquoted && typeof value === 'string') return value;
  return JSON.stringify(value);
}
