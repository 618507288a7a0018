/**
 * The checks every exchanged file (a runbook file, an integration file) passes before its own
 * schema reads it: a size limit, a breadth counted before parsing, JSON that parses, no
 * `__proto__` key (nor `constructor`/`prototype` outside the user's own names), bounded nesting,
 * single-line names, well-formed Unicode, the expected `format` and a `schemaVersion` this version
 * reads. Each refusal is an AppError saying what is wrong.
 */
import type { z } from 'zod';
import { AppError } from '../api/appError';
import { findMalformedText } from '../api/wellFormedText';
import { findTooBroad, maxJsonObjectKeys } from '../domain/jsonBreadth';
import { maxJsonNesting } from '../domain/jsonNesting';
import { jsonParseFault } from '../domain/jsonParseError';
import {
  layoutKey,
  nameRecords,
  placeOf,
  textKindOf,
  withKeysRenamed,
  type Place,
} from './exchangeableTexts';
import { tabsAsSpaces, textProblem, utf8ByteLength } from './exchangeText';
import { runbookFileSchemaVersion } from './runbookFile';
import { countText } from '../domain/countText';

/** The largest exchanged file read, in bytes (the limit the window checks before sending one). */
export const maxRunbookFileBytes = 4 * 1024 * 1024;

export const refuseFile = (message: string, field?: string): never => {
  throw new AppError('invalid_input', `This file cannot be imported: ${message}`, field);
};

/**
 * The most keys and array items a file may hold in all. The app writes its files indented, some
 * 20 bytes a value, so a 4 MB file it wrote holds fewer than 200,000; a file of 350,000 keys in
 * one object held the backend 1.3 s while it was parsed and checked, answering nothing else.
 */
export const maxFileValues = 250_000;

/** A size in bytes as messages write it: "4.3 MB". */
export const megabytesText = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Whether an import would read `text` for its size and breadth (what it checks first, before it
 * parses): what the app writes must come back.
 */
export const isReadableFile = (text: string) =>
  utf8ByteLength(text) <= maxRunbookFileBytes && findTooBroad(text, maxFileValues) === undefined;

/**
 * Refuses a file too broad to read at once, before it is parsed (jsonBreadth.ts counts it in
 * milliseconds), naming the place by keys and indexes only: the file's values may be secrets.
 */
function refuseTooBroad(text: string): void {
  const fault = findTooBroad(text, maxFileValues);
  if (fault === undefined) return;
  const most = (count: number) => countText(count);
  if (fault.kind === 'values')
    refuseFile(
      `it holds more than ${most(maxFileValues)} keys and array items; a file holds at most ${most(maxFileValues)}.`,
    );
  const at =
    fault.kind === 'keys' && fault.path !== '$' ? fault.path.replace(/^\$\.?/, '') : 'the top of the file';
  refuseFile(
    `it holds an object of more than ${most(maxJsonObjectKeys)} keys (at ${at}); a file holds at most ${most(maxJsonObjectKeys)} keys in one object.`,
  );
}

/** A key on the way to a field may be a name the user chose, of any length: cut it, as the calls do. */
const cutKey = (key: string) => (key.length > 60 ? `${key.slice(0, 60)}…` : key);

/** A schema's first issue as a refusal naming the field, e.g. "integrations.0.name: Name must be…". */
export const refuseIssue = (error: z.ZodError): never => {
  const issue = error.issues[0];
  const field = issue?.path.map((segment) => cutKey(String(segment))).join('.') ?? '';
  // A record's refused key: the key's own schema says why ("Invalid key in record" does not).
  const reason = issue?.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue?.message;
  return refuseFile(`${field || 'the file'}: ${reason ?? 'not valid'}.`, field || undefined);
};

/**
 * Checks the name or description at `key` (exchangeableTexts.ts says which keys) and gives it back
 * as the import keeps it: a tab in a one-line text becomes a space, as saving it does (a file the
 * app wrote before saving did so holds one), and any other control character is refused.
 */
function inspectText(key: string, value: unknown, path: string): unknown {
  const kind = textKindOf(key);
  if (kind === undefined) return value;
  const isMultiline = kind === 'multiLine';
  const texts = Array.isArray(value) ? value : [value];
  const kept = texts.map((text, index) => {
    if (typeof text !== 'string') return text;
    const spaced = isMultiline ? text : tabsAsSpaces(text);
    const problem = textProblem(spaced, isMultiline);
    const at = Array.isArray(value) ? `${path}[${String(index)}]` : path;
    if (problem !== undefined)
      refuseFile(`${at.replace(/^the file\./, '')} ${problem}.`, at.replace(/^the file\./, ''));
    return spaced;
  });
  return Array.isArray(value) ? kept : kept[0];
}

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Records whose keys are input or variable names (a Run runbook step's `inputs`, an Execute
 * method step's `arguments`): "__proto__" is a valid input name and a name a method may declare
 * (`/items/{__proto__}`), and the steps' schemas keep it as its own key (templatesByNameField in
 * stepFields.ts), so a file carrying such a step — the app's own export of it — is read, not refused.
 */
const inputNameRecordKeys: ReadonlySet<string> = new Set(['inputs', 'arguments']);

/**
 * Refuses dangerous keys and absurd nesting anywhere in the parsed document. Recursive, but it
 * refuses at level maxJsonNesting + 1 before going deeper, so the stack stays shallow.
 */
function inspect(
  value: unknown,
  depth: number,
  path: string,
  nameLevels = 0,
  place: Place = 'definition',
  areInputNames = false,
): void {
  if (depth > maxJsonNesting)
    refuseFile(`it nests deeper than ${String(maxJsonNesting)} levels (at ${path}).`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => inspect(item, depth + 1, `${path}[${String(index)}]`, 0, place));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    const isDangerous = key === '__proto__' ? !areInputNames : nameLevels === 0 && forbiddenKeys.has(key);
    if (place === 'definition' && isDangerous)
      refuseFile(`it contains the key "${key}" (at ${path}), which is never part of a runbook.`);
    const inner = nameLevels > 0 ? nameLevels - 1 : (nameRecords.get(key) ?? 0);
    const object = value as Record<string, unknown>;
    if (nameLevels === 0 && place !== 'recordedValue') {
      // The document was parsed here, so it is ours to change: the key is a name or description.
      const kept = inspectText(key, object[key], `${path}.${key}`);
      if (kept !== object[key]) object[key] = kept;
    }
    // The runbook names that key the layout, spaced as the runbooks' own names are.
    if (depth === 0 && key === layoutKey) object[key] = withKeysRenamed(object[key], tabsAsSpaces);
    const holdsInputNames = nameLevels === 0 && inputNameRecordKeys.has(key);
    inspect(object[key], depth + 1, `${path}.${key}`, inner, placeOf(key, depth, place), holdsInputNames);
  }
}

/**
 * Refuses half of a UTF-16 surrogate pair anywhere in the parsed document, keys included: JSON may
 * write one as an escape ("\\ud800") in otherwise valid UTF-8, and it has no UTF-8 form, so the
 * database would keep U+FFFD in its place (a name other than the one checked, and a file the
 * app's own export of it would then refuse). The calls refuse such text the same way.
 */
function refuseMalformedText(document: unknown): void {
  const path = findMalformedText(document);
  if (path === undefined) return;
  const at = path.reduce<string>(
    (place, segment) =>
      typeof segment === 'number' ? `${place}[${String(segment)}]` : `${place}.${cutKey(segment)}`,
    '',
  );
  // The path ends at a string, or at the object one of whose keys holds the half character.
  const value = path.reduce<unknown>(
    (parent, segment) => (parent as Record<string, unknown>)[segment],
    document,
  );
  const field = at.replace(/^\./, '');
  const where = typeof value === 'string' ? field : field === '' ? 'a key' : `a key in ${field}`;
  refuseFile(
    `${where} holds half of a character (a lone UTF-16 surrogate, such as the escape \\ud800). Save it as well-formed Unicode text.`,
    field === '' ? undefined : field,
  );
}

/**
 * The checks every exchanged file passes first: size, breadth, JSON, no dangerous keys, bounded nesting,
 * the expected `format` and a `schemaVersion` this version reads. Returns the parsed document.
 */
export function readExchangeDocument(text: string, format: string, what: string): Record<string, unknown> {
  // The limit is in bytes, as the file's size says; a character may take up to 4 of them.
  const bytes = utf8ByteLength(text);
  if (bytes > maxRunbookFileBytes) {
    refuseFile(
      `it is ${megabytesText(bytes)}; at most ${String(maxRunbookFileBytes / 1024 / 1024)} MB are read.`,
    );
  }
  refuseTooBroad(text);
  let parsed: unknown;
  try {
    // Windows editors may save a byte order mark ahead of the text.
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (error) {
    // Replacement characters or NULs: UTF-16 or a legacy code page, read as UTF-8.
    if (text.includes('\uFFFD') || text.includes('\u0000'))
      return refuseFile('it is not UTF-8 text. Save it as UTF-8 and try again.');
    // Said without quoting the file: the ten characters V8 quotes may be the start of a secret.
    return refuseFile(`it is not valid JSON (${jsonParseFault(error)}).`);
  }
  inspect(parsed, 0, 'the file');
  refuseMalformedText(parsed);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return refuseFile(`it is not ${what}.`);
  const document = parsed as Record<string, unknown>;
  if (document.format !== format) {
    return refuseFile(`it is not ${what} (its format is ${JSON.stringify(document.format ?? null)}).`);
  }
  const version = document.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuseFile(`its schemaVersion ${JSON.stringify(version ?? null)} is unknown.`);
  }
  if (version > runbookFileSchemaVersion) {
    return refuseFile(
      `it was written by a newer Runbook Designer (file version ${String(version)}; this one reads up to ${String(runbookFileSchemaVersion)}). Update the app first.`,
    );
  }
  return document;
}
