/**
 * Fuzz test support: hostile inputs for one API call, made from the JSON Schema of its input.
 * Deterministic for a seed (a seeded generator picks the sample and the junk), so the call and
 * label printed with a failure, with the seed, bring back the very same body.
 *
 * 1. Bodies that are not the call's object at all: empty, not JSON, JSON of another kind,
 *    invalid UTF-8, nested 5,000 deep, over the size limit, the wrong method or content type.
 * 2. The skeleton (a valid-ish input) with `__proto__`, `constructor`, `prototype` and odd keys.
 * 3. The skeleton with one field at a time left out or given a hostile value of the wrong
 *    type, or of its own type at the edges (1 MB, NUL, lone surrogates, NaN-ish numbers, …).
 */
import { isUtf8 } from 'node:buffer';
import { deep, foreignValues, megabyte, ownTypeValues, type Labelled } from './hostileValues';
import { RawJson, deepJson, encodeJson } from './rawJson';
import {
  expectedType,
  fieldsOf,
  skeletonOf,
  type FieldPath,
  type JsonSchema,
  type SkeletonContext,
} from './schemaSkeleton';

export interface HostileInput {
  /** What was sent, e.g. "definition.name ← 1 MB string": printed with a failure. */
  label: string;
  body: Buffer;
  method?: string;
  contentType?: string;
}

export interface HostileOptions {
  seed: number;
  /** At most this many field-level inputs per call (a seeded sample); the body-level ones are always sent. */
  maxFieldInputs: number;
}

/** Small seeded generator (mulberry32): the same seed gives the same inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Node = Record<string | number, unknown>;

/**
 * A host name field (the webhook listener's) is bound as given: text the schema lets through
 * would be looked up in DNS, a request leaving this machine. Only text refused before the
 * lookup (too short, too long, half a character, not UTF-8) is sent there.
 */
function wouldBeLookedUp(field: FieldPath, value: unknown): boolean {
  const name = String(field.path.at(-1));
  const isText = typeof value === 'string' || (value instanceof RawJson && value.bytes[0] === 0x22);
  if (!/host$/i.test(name) || !isText) return false;
  const isRefusedFirst =
    value instanceof RawJson
      ? value.bytes.includes('\\ud') || !isUtf8(value.bytes)
      : value.trim() === '' || value.length > 255;
  return !isRefusedFirst;
}

interface Skeletons {
  minimal: unknown;
  full: unknown;
}

/**
 * The minimal skeleton with `value` at `path` (undefined: the key left out); parents the minimal
 * skeleton lacks (an optional object) are taken from the full one.
 */
function withValueAt(skeletons: Skeletons, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(skeletons.minimal) as Node;
  let parent: Node = copy;
  let full = skeletons.full as Node;
  for (const key of path.slice(0, -1)) {
    full = full[key] as Node;
    parent[key] ??= structuredClone(full);
    parent = parent[key] as Node;
  }
  const last = path.at(-1) ?? '';
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent, last);
  } else {
    parent[last] = value;
  }
  return copy;
}

/** Bodies that are not the call's input object at all; the same for every call. */
function bodyLevelInputs(skeleton: unknown): HostileInput[] {
  const text = (label: string, body: string | Buffer): HostileInput => ({ label, body: Buffer.from(body) });
  const withKeys = (raw: string) => {
    const inner = encodeJson(skeleton).toString('utf8').slice(1);
    return Buffer.from(`${raw}${inner === '}' ? '}' : `,${inner}`}`);
  };
  return [
    text('the valid-ish skeleton', encodeJson(skeleton)),
    text('an empty body', ''),
    text('whitespace only', ' \n\t '),
    text('not JSON', 'this is not json'),
    text('truncated JSON', '{"id":'),
    text('NaN, which JSON does not have', '{"n":NaN}'),
    text(
      'a byte order mark before the JSON',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encodeJson(skeleton)]),
    ),
    text('a lone NUL byte', '\u0000'),
    text('invalid UTF-8 bytes', Buffer.from([0xff, 0xfe, 0xfd, 0xc0, 0xaf])),
    text('JSON null', 'null'),
    text('a JSON array', '[]'),
    text(
      'an array holding the skeleton',
      Buffer.concat([Buffer.from('['), encodeJson(skeleton), Buffer.from(']')]),
    ),
    text('a JSON string', '"fuzz"'),
    text('a JSON number', '42'),
    text('JSON true', 'true'),
    text('an empty object', '{}'),
    text(`an array nested ${String(deep)} deep`, deepJson(deep, 'array').bytes),
    text(`an object nested ${String(deep)} deep`, deepJson(deep, 'object').bytes),
    text('a __proto__ key beside the skeleton', withKeys('{"__proto__":{"polluted":"yes"}')),
    text(
      'a constructor.prototype key beside the skeleton',
      withKeys('{"constructor":{"prototype":{"polluted":"yes"}}'),
    ),
    text('a prototype key beside the skeleton', withKeys('{"prototype":{"polluted":"yes"}')),
    text('an unknown key beside the skeleton', withKeys('{"unknownKey":"fuzz"')),
    text('a NUL key beside the skeleton', withKeys('{"\\u0000":"fuzz"')),
    text('a lone-surrogate key beside the skeleton', withKeys('{"\\ud800":"fuzz"')),
    text('a key given twice', withKeys('{"id":{"nested":true},"id":"fuzz"')),
    text('1e999 beside the skeleton', withKeys('{"big":1e999')),
    text(
      '10,000 unknown keys',
      withKeys(`{${Array.from({ length: 10_000 }, (_, i) => `"k${String(i)}":0`).join(',')}`),
    ),
    text('a body just over the 4 MB limit', `{"pad":"${'x'.repeat(4 * megabyte)}"}`),
    { label: 'the skeleton as text/plain', body: encodeJson(skeleton), contentType: 'text/plain' },
    { label: 'the skeleton with no content type', body: encodeJson(skeleton), contentType: '' },
    { label: 'GET instead of POST', body: Buffer.alloc(0), method: 'GET' },
    { label: 'PUT instead of POST', body: encodeJson(skeleton), method: 'PUT' },
  ];
}

/**
 * The other branches of a union (an auth type, a body kind, a step type), each filled in whole:
 * the skeleton takes only the first, and a handler may treat each one its own way.
 */
function unionVariants(field: FieldPath, context: SkeletonContext): Labelled[] {
  const branches = (field.schema.oneOf ?? field.schema.anyOf ?? []).filter(
    (branch) => branch.type !== 'null',
  );
  return branches.slice(1).map((branch) => {
    const tag = Object.values(branch.properties ?? {}).find((property) => property.const !== undefined);
    return [`the union variant ${String(tag?.const ?? branch.type)}`, skeletonOf(branch, context, 'full')];
  });
}

function fieldLevelInputs(
  skeletons: Skeletons,
  fields: FieldPath[],
  context: SkeletonContext,
  random: () => number,
): HostileInput[] {
  const inputs: HostileInput[] = [];
  for (const field of fields) {
    const name = field.path.join('.');
    const type = expectedType(field.schema);
    for (const [label, value] of unionVariants(field, context))
      inputs.push({
        label: `${name} ← ${label}`,
        body: encodeJson(withValueAt(skeletons, field.path, value)),
      });
    inputs.push({
      label: `${name} left out${field.isRequired ? ' (required)' : ''}`,
      body: encodeJson(withValueAt(skeletons, field.path, undefined)),
    });
    for (const [label, value] of [...foreignValues(type), ...ownTypeValues(type, random)]) {
      if (wouldBeLookedUp(field, value)) continue;
      inputs.push({
        label: `${name} ← ${label}`,
        body: encodeJson(withValueAt(skeletons, field.path, value)),
      });
    }
  }
  return inputs;
}

/** A seeded sample of `count` items, in their original order. */
function sample<T>(items: T[], count: number, random: () => number): T[] {
  if (items.length <= count) return items;
  const indexes = items.map((_, index) => index);
  for (let i = indexes.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }
  return indexes
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((index) => items[index] as T);
}

/** The hostile inputs for one call: every body-level one, and a seeded sample of field-level ones. */
export function hostileInputsFor(
  schema: JsonSchema,
  context: SkeletonContext,
  options: HostileOptions,
): HostileInput[] {
  const random = seededRandom(options.seed);
  const skeletons = {
    minimal: skeletonOf(schema, context, 'minimal'),
    full: skeletonOf(schema, context, 'full'),
  };
  const fieldInputs = fieldLevelInputs(skeletons, fieldsOf(schema), context, random);
  return [...bodyLevelInputs(skeletons.minimal), ...sample(fieldInputs, options.maxFieldInputs, random)];
}
