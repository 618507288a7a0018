/**
 * The names rows are exchanged under. A name the import takes as it is is written as stored. A
 * name saved before the one-line rule — with a tab, another control character or U+FFFD — is
 * written as the export writes such text (exchangeableText), trimmed. The export and the import
 * work this out alike from the same rows, so a file imported into the folder it came from finds
 * the rows it came from.
 */
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

/** The names the rows saved before the rule are written under, by id. */
export function writtenNamesOf(rowsBeforeTheRule: readonly NamedRow[]): Map<string, string> {
  return new Map(rowsBeforeTheRule.map((row) => [row.id, exchangeableText(row.name, false).trim()]));
}

/** Every row of a scope held whole (an integration's methods or configurations): its written name by id. */
export function exchangeNamesOf(rows: readonly NamedRow[]): Map<string, string> {
  const before = writtenNamesOf(rows.filter((row) => !isNameAsImported(row.name)));
  return new Map(rows.map((row) => [row.id, before.get(row.id) ?? row.name]));
}

/** The id of the row written under this name, if one is. */
export function idWrittenAs(written: ReadonlyMap<string, string>, name: string): string | undefined {
  const wanted = exchangeKey(name);
  for (const [id, writtenName] of written) if (exchangeKey(writtenName) === wanted) return id;
  return undefined;
}
