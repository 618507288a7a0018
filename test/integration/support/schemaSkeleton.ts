/**
 * Fuzz test support: reads the JSON Schema GET /api gives for a call's input and builds a
 * valid-ish value from it (every property present, the first variant of a union, one item per
 * array), plus the list of fields in it, so hostile values can be put in one field at a time and
 * the call gets past its first check to the field under test.
 */

/** The part of JSON Schema that zod's toJSONSchema writes for our contract. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
}

/** What a skeleton is built with: ids of real records by field name, and where URLs point. */
export interface SkeletonContext {
  /** Field name → id of a record that exists (integrationId, runbookId, …; `id` for the call's own kind). */
  ids: Readonly<Record<string, string>>;
  /** Every URL-like value points here: the test's own server on 127.0.0.1. */
  safeUrl: string;
}

/** A place in the input: the keys leading to it and the schema it must follow. */
export interface FieldPath {
  path: (string | number)[];
  schema: JsonSchema;
  isRequired: boolean;
}

/** The branch of a union the skeleton takes: the first one that is not `null`. */
export function chosenBranch(schema: JsonSchema): JsonSchema {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches === undefined) return schema;
  return chosenBranch(branches.find((branch) => branch.type !== 'null') ?? branches[0] ?? {});
}

/**
 * A valid-ish value for the schema. `minimal` holds required properties and those with a
 * default; `full` holds every property, to draw an optional field's parents from.
 */
export function skeletonOf(
  schema: JsonSchema,
  context: SkeletonContext,
  extent: 'minimal' | 'full',
  name = '',
): unknown {
  const branch = chosenBranch(schema);
  if (branch.const !== undefined) return branch.const;
  if (branch.enum !== undefined) return branch.enum[0];
  switch (branch.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(branch.properties ?? {})) {
        const isWanted =
          extent === 'full' || branch.required?.includes(key) === true || 'default' in property;
        if (isWanted) value[key] = skeletonOf(property, context, extent, key);
      }
      return value;
    }
    case 'array':
      return branch.items === undefined ? [] : [skeletonOf(branch.items, context, extent, name)];
    case 'string':
      return stringFor(branch, context, name);
    case 'integer':
    case 'number':
      return typeof branch.default === 'number' ? branch.default : Math.max(branch.minimum ?? 1, 1);
    case 'boolean':
      return typeof branch.default === 'boolean' ? branch.default : false;
    default:
      return branch.default ?? 'fuzz';
  }
}

function stringFor(schema: JsonSchema, context: SkeletonContext, name: string): string {
  const id = context.ids[name];
  // A step's own `id` follows another pattern than a record's: only an id that fits is used.
  if (id !== undefined && (schema.pattern === undefined || new RegExp(schema.pattern).test(id))) return id;
  if (/url/i.test(name) || schema.pattern?.includes('https?') === true) return context.safeUrl;
  if (typeof schema.default === 'string') return schema.default;
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern);
  const fitting = ['fuzz', 'X-Fuzz', 'fuzz_1', ''].find(
    (candidate) =>
      (pattern === undefined || pattern.test(candidate)) && candidate.length >= (schema.minLength ?? 0),
  );
  return fitting ?? 'f'.repeat(Math.max(schema.minLength ?? 1, 1));
}

/**
 * Every field of the skeleton, depth first, parents before children. Records (objects with
 * `additionalProperties`) are fields themselves; their keys are made up, so they are not walked.
 */
export function fieldsOf(schema: JsonSchema, path: (string | number)[] = []): FieldPath[] {
  const branch = chosenBranch(schema);
  const fields: FieldPath[] = [];
  if (branch.type === 'object') {
    for (const [key, property] of Object.entries(branch.properties ?? {})) {
      const childPath = [...path, key];
      fields.push({ path: childPath, schema: property, isRequired: branch.required?.includes(key) ?? false });
      fields.push(...fieldsOf(property, childPath));
    }
  } else if (branch.type === 'array' && branch.items !== undefined) {
    const childPath = [...path, 0];
    fields.push({ path: childPath, schema: branch.items, isRequired: true });
    fields.push(...fieldsOf(branch.items, childPath));
  }
  return fields;
}

/** The type a field's schema expects, for choosing values of other types. */
export function expectedType(schema: JsonSchema): string {
  return chosenBranch(schema).type ?? (chosenBranch(schema).enum === undefined ? 'unknown' : 'string');
}
