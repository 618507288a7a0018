/**
 * Where an exchanged file holds names and descriptions, and the file as the app's own export
 * writes them. The import (exchangeDocument.ts) checks the texts at these keys, in these places;
 * the export writes the same texts so that the check passes (exchangeableText), since rows saved
 * before names were checked at save may hold a tab or another control character.
 */
import { exchangeableText } from './exchangeText';

/**
 * Text shown as one line wherever it appears (names, categories, tags, references by name), and
 * text that may run over lines (descriptions, notes); checked wherever these keys occur.
 */
export const singleLineKeys = new Set([
  'name',
  'category',
  'tags',
  'versionLabel',
  'label',
  'integration',
  'runbook',
  'configurationName',
]);
export const multiLineKeys = new Set(['description', 'notes']);

/**
 * Objects whose keys are names the user chose — runbook names and step ids in `layout` (two
 * levels), variable names in `arguments`, input names in `inputs`, claims in `extraClaims` — so a
 * runbook called "prototype" still imports. `__proto__` is refused even there, but as an input
 * or variable name in a step's `inputs` or `arguments` (exchangeDocument.ts).
 */
export const nameRecords = new Map([
  ['layout', 2],
  ['arguments', 1],
  ['inputs', 1],
  ['extraClaims', 1],
  // A test case's outcome: outputs by step id, then by output name.
  ['outputs', 2],
]);

/** The key of the top level whose keys are runbook names: a runbook's name there is its name. */
export const layoutKey = 'layout';

/**
 * Where a file holds what a run recorded (test cases: outputs, an API's JSON), whose keys are the
 * API's or the runbook's own and are kept as they are, "__proto__" too: the export writes such a
 * key, and a test case is read through its schema, which stores values and applies no key.
 */
const recordedDataKey = 'testCases';

/**
 * The parts of a test case that are values a run was given, recorded or is expected to give: their
 * text is the API's or the user's own, and an API's {"name": "two\nlines"} is kept as recorded,
 * not checked as a name of the runbook's (the app's own export of such a case was refused).
 */
const recordedValueKeys = new Set(['inputs', 'outputs', 'equals', 'request', 'response']);

/** Where a value sits: in the runbook and its integrations, in a test case, or in one of its values. */
export type Place = 'definition' | 'testCase' | 'recordedValue';

export function placeOf(key: string, depth: number, parent: Place): Place {
  if (parent === 'definition') return depth === 0 && key === recordedDataKey ? 'testCase' : 'definition';
  return parent === 'testCase' && !recordedValueKeys.has(key) ? 'testCase' : 'recordedValue';
}

/** Whether the text at this key is one line, many lines, or not a name or description at all. */
export function textKindOf(key: string): 'oneLine' | 'multiLine' | undefined {
  return singleLineKeys.has(key) ? 'oneLine' : multiLineKeys.has(key) ? 'multiLine' : undefined;
}

/** The value at a name or description key as the export writes it: its texts exchangeable. */
function exchangeableAt(key: string, value: unknown): unknown {
  const kind = textKindOf(key);
  if (kind === undefined) return value;
  const written = (text: unknown) =>
    typeof text === 'string' ? exchangeableText(text, kind === 'multiLine') : text;
  return Array.isArray(value) ? value.map(written) : written(value);
}

/** Sets a key defined, not assigned: a value's own "__proto__" key stays a key. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The document as the export writes it: every name and description at the keys and in the places
 * the import checks (never inside a test case's recorded values) written by exchangeableText, and
 * the runbook names that key `layout` likewise, so each still finds its runbook. A copy.
 */
export function withExchangeableTexts(
  value: unknown,
  depth = 0,
  nameLevels = 0,
  place: Place = 'definition',
): unknown {
  if (place === 'recordedValue') return value;
  if (Array.isArray(value)) return value.map((item) => withExchangeableTexts(item, depth + 1, 0, place));
  if (typeof value !== 'object' || value === null) return value;
  const written: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = nameLevels > 0 ? nameLevels - 1 : (nameRecords.get(key) ?? 0);
    const item = (value as Record<string, unknown>)[key];
    const texts = nameLevels === 0 ? exchangeableAt(key, item) : item;
    const keyed = depth === 0 && key === layoutKey ? withKeysRenamed(texts, exchangeableText) : texts;
    define(written, key, withExchangeableTexts(keyed, depth + 1, inner, placeOf(key, depth, place)));
  }
  return written;
}

/**
 * The object with each key as `rename` writes it (a one-line text), values as they are: the
 * runbook names that key a file's `layout`.
 */
export function withKeysRenamed(
  value: unknown,
  rename: (key: string, isMultiline: boolean) => string,
): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const renamed: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    define(renamed, rename(key, false), (value as Record<string, unknown>)[key]);
  return renamed;
}
