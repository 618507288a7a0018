/**
 * Completion of {{variables}} where the caret is: after an unclosed `{{`, the text typed so far
 * filters the variables in scope; choosing one replaces what was typed (and a `}}` already
 * there) with the whole placeholder and puts the caret after it.
 */

export interface CaretCompletion {
  /** Where the `{{` starts. */
  from: number;
  /** What was typed after `{{`, up to the caret. */
  query: string;
  matches: string[];
}

const maxMatches = 50;

export function completionAtCaret(
  text: string,
  caret: number,
  candidates: readonly string[],
): CaretCompletion | null {
  const before = text.slice(0, caret);
  const from = before.lastIndexOf('{{');
  if (from < 0 || before.indexOf('}}', from) >= 0) return null;
  const query = before.slice(from + 2).trim();
  if (!/^[\w.[\]-]*$/.test(query)) return null;
  const lower = query.toLowerCase();
  const starts = candidates.filter((candidate) => candidate.toLowerCase().startsWith(lower));
  const contains = candidates.filter(
    (candidate) => !candidate.toLowerCase().startsWith(lower) && candidate.toLowerCase().includes(lower),
  );
  return { from, query, matches: [...starts, ...contains].slice(0, maxMatches) };
}

export function applyCompletion(
  text: string,
  caret: number,
  completion: CaretCompletion,
  path: string,
): { text: string; caret: number } {
  // Swallow the rest of a half-typed name and its closing braces, if they are there.
  const after = text.slice(caret);
  const rest = /^[\w.[\]-]*(\s*\}\})?/.exec(after)?.[0] ?? '';
  const placeholder = `{{${path}}}`;
  return {
    text: `${text.slice(0, completion.from)}${placeholder}${after.slice(rest.length)}`,
    caret: completion.from + placeholder.length,
  };
}
