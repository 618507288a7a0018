/**
 * A small example value for a JSON Schema, for request-body templates; bounded in depth and in
 * size. Dereferenced schemas share objects, so five levels of twenty properties that each point
 * to the previous schema stand for millions of values: the budget stops the walk early.
 */
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Thrown when an example would take more values than its budget allows. */
export class ExampleTooLargeError extends Error {
  constructor(readonly maxValues: number) {
    super(`The example would hold more than ${String(maxValues)} values.`);
    this.name = 'ExampleTooLargeError';
  }
}

/** Values left to generate; shared by all the examples of one document. */
export interface ExampleBudget {
  readonly maxValues: number;
  valuesLeft: number;
}

export const exampleBudget = (maxValues: number): ExampleBudget => ({ maxValues, valuesLeft: maxValues });

export function exampleFromSchema(
  schema: unknown,
  budget: ExampleBudget = exampleBudget(Number.POSITIVE_INFINITY),
  depth = 0,
): unknown {
  budget.valuesLeft -= 1;
  if (budget.valuesLeft < 0) throw new ExampleTooLargeError(budget.maxValues);
  if (!isObject(schema) || depth > 6) return null;
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const inner = (value: unknown) => exampleFromSchema(value, budget, depth + 1);
  const variants = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (Array.isArray(variants) && variants.length > 0) {
    if (schema.allOf !== undefined) {
      return Object.assign({}, ...variants.map(inner).filter(isObject));
    }
    return inner(variants[0]);
  }
  switch (schema.type) {
    case 'object':
    case undefined:
      if (!isObject(schema.properties)) return schema.type === 'object' ? {} : null;
      return Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, inner(value)]));
    case 'array':
      return [inner(schema.items)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return schema.format === 'date-time'
        ? '2026-01-01T00:00:00Z'
        : schema.format === 'email'
          ? 'user@example.com'
          : 'string';
    default:
      return null;
  }
}
