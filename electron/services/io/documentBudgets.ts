/**
 * Budgets for an API description before anything walks it as a tree. YAML aliases and `$ref`s
 * make a small text stand for a huge document: 534 bytes of nested aliases are 10⁹ nodes once
 * expanded, and a few kB of schemas that `$ref` each other seven levels deep are as many after
 * dereferencing. The validator and the example generator walk that tree node by node, so the
 * expanded size is measured first, on the shared graph, in time proportional to the text.
 */
import { AppError } from '../../../shared/api/appError';

/** The text of a document, pasted or downloaded. */
export const maxDocumentBytes = 5 * 1024 * 1024;
/** How many aliases js-yaml may resolve in one document (its `maxAliases`). */
export const maxYamlAliases = 10_000;
/** Nodes (objects, arrays, values) of the document once aliases, then `$ref`s, are expanded. */
export const maxExpandedNodes = 2_000_000;
/** Characters of text (keys and strings) in the document once expanded. */
export const maxExpandedCharacters = 50_000_000;
/** Nesting of the expanded document; deeper would overflow the validator's stack. */
export const maxExpandedDepth = 500;

type Json = Record<string, unknown>;

interface Size {
  nodes: number;
  characters: number;
}

const number = (value: number) => value.toLocaleString('en-US');

/** The value a local `$ref` ("#/components/schemas/A") points to; undefined when it points nowhere. */
function resolvePointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let target: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (typeof target !== 'object' || target === null || !Object.hasOwn(target, token)) return undefined;
    target = (target as Json)[token];
  }
  return target;
}

/**
 * Measures `document` as the tree it stands for, stopping as soon as a budget is exceeded.
 * 1. Each object or array is measured once and remembered (aliases and `$ref`s share them), so
 *    the work is proportional to the text, not to the tree.
 * 2. With `isFollowingRefs`, an object with a local `$ref` counts as the value it points to.
 *    A `$ref` cycle counts as one node: the dereferencer leaves it as a `$ref`.
 * 3. Without it, an object found inside itself is a YAML alias cycle: an endless document.
 */
function measure(document: unknown, isFollowingRefs: boolean): void {
  const sizes = new Map<object, Size>();
  const open = new Set<object>();

  const visit = (value: object, depth: number): Size => {
    if (depth > maxExpandedDepth) throw refused('depth');
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (open.has(value)) {
      if (isFollowingRefs) return { nodes: 1, characters: 0 };
      throw new AppError(
        'invalid_input',
        'The document contains itself through a YAML alias, so it never ends. Remove the alias that points to its own parent.',
        'source',
      );
    }
    open.add(value);
    const size: Size = { nodes: 1, characters: 0 };
    const add = (child: unknown) => {
      size.nodes += 1;
      if (typeof child === 'string') size.characters += child.length;
      else if (typeof child === 'object' && child !== null) {
        const part = visit(child, depth + 1);
        size.nodes += part.nodes - 1;
        size.characters += part.characters;
      }
      if (size.nodes > maxExpandedNodes || size.characters > maxExpandedCharacters)
        throw refused(isFollowingRefs ? 'refs' : 'aliases', size);
    };
    if (Array.isArray(value)) {
      for (const child of value as unknown[]) add(child);
    } else {
      const ref = isFollowingRefs ? (value as Json).$ref : undefined;
      if (typeof ref === 'string') add(resolvePointer(document, ref));
      for (const key of Object.keys(value)) {
        size.characters += key.length;
        add((value as Json)[key]);
      }
    }
    open.delete(value);
    sizes.set(value, size);
    return size;
  };
  if (typeof document === 'object' && document !== null) visit(document, 0);
}

function refused(reason: 'aliases' | 'refs' | 'depth', size?: Size): AppError {
  if (reason === 'depth') {
    return new AppError(
      'invalid_input',
      `The document nests deeper than ${number(maxExpandedDepth)} levels once its YAML aliases and $refs are expanded; it cannot be imported.`,
      'source',
    );
  }
  const how = reason === 'refs' ? 'when its $refs are followed' : 'once its YAML aliases are expanded';
  const what =
    size !== undefined && size.characters > maxExpandedCharacters
      ? `more than ${number(maxExpandedCharacters / 1_000_000)} million characters`
      : `more than ${number(maxExpandedNodes)} nodes`;
  return new AppError(
    'invalid_input',
    `The document expands to ${what} ${how}; it cannot be imported. ` +
      'Import a smaller part of the API, or one whose schemas do not repeat each other so many times.',
    'source',
  );
}

/** Refuses a parsed document whose YAML aliases, then `$ref`s, make it larger than the budgets. */
export function checkExpandedSize(document: unknown): void {
  measure(document, false);
  measure(document, true);
}
