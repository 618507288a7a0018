/**
 * The method picker's search. What is typed, read as one phrase, is looked for in "<integration>
 * <method>" (any case), so "bulk 3 method 04" finds Bulk 3 · Method 040–049 and nothing else;
 * when no method holds the phrase, every word must appear in the method's or its integration's
 * name, in any order, so "ticket halo" still finds HaloPSA · Create ticket. Matches come grouped
 * by integration, both sorted by name, so a long list reads like a directory.
 */

/** What the picker knows of one method. */
export interface SearchableMethod {
  id: string;
  name: string;
  integrationId: string;
  integrationName: string;
}

/** The matching methods of one integration. */
export interface MethodGroup<M extends SearchableMethod> {
  integrationId: string;
  integrationName: string;
  methods: M[];
}

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The words of a query, lower-cased; an empty query has none and matches everything. */
function wordsOf(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
}

/** "<integration> <method>", lower-cased, with single spaces: what a phrase is looked for in. */
function labelOf(method: SearchableMethod): string {
  return wordsOf(`${method.integrationName} ${method.name}`).join(' ');
}

/** Whether every word appears in the method's name or its integration's name. */
function hasEveryWord(method: SearchableMethod, words: readonly string[]): boolean {
  const text = `${method.integrationName}\n${method.name}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/** The methods holding the query as a phrase, or else every word of it. */
function matchesOf<M extends SearchableMethod>(
  methods: readonly M[],
  words: readonly string[],
): readonly M[] {
  if (words.length === 0) return methods;
  const phrase = words.join(' ');
  const byPhrase = methods.filter((method) => labelOf(method).includes(phrase));
  return byPhrase.length > 0 ? byPhrase : methods.filter((method) => hasEveryWord(method, words));
}

/** The methods matching `query`, grouped by integration; groups and methods sorted by name. */
export function searchMethods<M extends SearchableMethod>(
  methods: readonly M[],
  query: string,
): MethodGroup<M>[] {
  const groups = new Map<string, MethodGroup<M>>();
  for (const method of matchesOf(methods, wordsOf(query))) {
    let group = groups.get(method.integrationId);
    if (group === undefined) {
      group = { integrationId: method.integrationId, integrationName: method.integrationName, methods: [] };
      groups.set(method.integrationId, group);
    }
    group.methods.push(method);
  }
  const sorted = [...groups.values()].sort((a, b) => byName.compare(a.integrationName, b.integrationName));
  for (const group of sorted) group.methods.sort((a, b) => byName.compare(a.name, b.name));
  return sorted;
}

/** The matches in the order the list shows them (what the arrow keys walk). */
export function inListOrder<M extends SearchableMethod>(groups: readonly MethodGroup<M>[]): M[] {
  return groups.flatMap((group) => group.methods);
}
