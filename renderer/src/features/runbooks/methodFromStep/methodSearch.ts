/**
 * The method picker's search: every word typed must appear in the method's name or its
 * integration's name (any case, any order), so "halo tick" finds HaloPSA · Create ticket. Matches
 * come grouped by integration, both sorted by name, so a long list reads like a directory.
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

/** Whether every word appears in the method's name or its integration's name. */
export function matchesQuery(method: SearchableMethod, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const text = `${method.integrationName}\n${method.name}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/** The methods matching `query`, grouped by integration; groups and methods sorted by name. */
export function searchMethods<M extends SearchableMethod>(
  methods: readonly M[],
  query: string,
): MethodGroup<M>[] {
  const words = wordsOf(query);
  const groups = new Map<string, MethodGroup<M>>();
  for (const method of methods) {
    if (!matchesQuery(method, words)) continue;
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
