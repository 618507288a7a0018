/**
 * The names rows are exchanged under. A name the import takes as it is is written as stored. A
 * name saved before the one-line rule — with a tab, another control character or U+FFFD, or made
 * of nothing else — is written as the export writes such text (exchangeableText), trimmed, and
 * under the first free copy name (firstFreeName) when another row of its scope already answers to
 * that: two rows "Help\tdesk" and "Help desk" are "Help desk (copy)" and "Help desk". The export
 * and the import work this out alike from the same rows, so a file imported into the folder it
 * came from finds the rows it came from, and no file the app writes holds one name twice.
 */
import { firstFreeName } from '../domain/firstFreeName';
import { exchangeableText, textProblem } from './exchangeText';

/** A row of one scope of names: the integrations, the runbooks, an integration's methods or configurations. */
export interface NamedRow {
  id: string;
  name: string;
}

/** Names match whatever their case and surrounding spaces, as the import matches them. */
export const exchangeKey = (name: string) => name.trim().toLocaleLowerCase('en');

/** Whether the import takes the name as it is stored: one line, no tab, something besides spaces. */
export function isNameAsImported(name: string): boolean {
  return name.trim() !== '' && !name.includes('\t') && textProblem(name, false) === undefined;
}

const byNameThenId = (a: NamedRow, b: NamedRow) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The names the rows saved before the rule are written under, by id. `isTaken` says whether a
 * row named as the import takes it answers to a name; `unnamed` stands for a name made only of
 * the characters written as spaces; `maxLength` is the scope's longest name.
 */
export function writtenNamesOf(
  rowsBeforeTheRule: readonly NamedRow[],
  isTaken: (name: string) => boolean,
  unnamed: string,
  maxLength: number,
): Map<string, string> {
  const given = new Set<string>();
  const isGiven = (name: string) => given.has(exchangeKey(name)) || isTaken(name);
  const written = new Map<string, string>();
  for (const row of [...rowsBeforeTheRule].sort(byNameThenId)) {
    const cleaned = exchangeableText(row.name, false).trim();
    const base = cleaned === '' ? unnamed : cleaned;
    const name = isGiven(base) ? firstFreeName(base, isGiven, maxLength) : base;
    given.add(exchangeKey(name));
    written.set(row.id, name);
  }
  return written;
}

/** Every row of a scope held whole (an integration's methods or configurations): its written name by id. */
export function exchangeNamesOf(
  rows: readonly NamedRow[],
  unnamed: string,
  maxLength: number,
): Map<string, string> {
  const asImported = new Set(
    rows.filter((row) => isNameAsImported(row.name)).map((row) => exchangeKey(row.name)),
  );
  const before = writtenNamesOf(
    rows.filter((row) => !isNameAsImported(row.name)),
    (name) => asImported.has(exchangeKey(name)),
    unnamed,
    maxLength,
  );
  return new Map(rows.map((row) => [row.id, before.get(row.id) ?? row.name]));
}

/** The id of the row written under this name, if one is. */
export function idWrittenAs(written: ReadonlyMap<string, string>, name: string): string | undefined {
  const wanted = exchangeKey(name);
  for (const [id, writtenName] of written) if (exchangeKey(writtenName) === wanted) return id;
  return undefined;
}

/**
 * A one-line text the import requires (a custom field's label, a test case's name) as the export
 * writes it: cleaned, or `fallback` when nothing but such characters made it up.
 */
export function requiredTextAsWritten(text: string, fallback: string): string {
  if (isNameAsImported(text)) return text;
  const cleaned = exchangeableText(text, false).trim();
  return cleaned === '' ? fallback : cleaned;
}

/**
 * A runbook's tags as the export writes them, sorted: cleaned, and each once; a tag made only of
 * such characters is left out, as the import refuses an empty tag.
 */
export function tagsAsWritten(tags: readonly string[]): string[] {
  const written = tags.map((tag) => (isNameAsImported(tag) ? tag : exchangeableText(tag, false).trim()));
  return [...new Set(written.filter((tag) => tag !== ''))].sort();
}
