/** A small example value for a JSON Schema, for request-body templates; bounded in depth. */
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function exampleFromSchema(schema: unknown, depth = 0): unknown {
  if (!isObject(schema) || depth > 6) return null;
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variants = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (Array.isArray(variants) && variants.length > 0) {
    if (schema.allOf !== undefined) {
      return Object.assign(
        {},
        ...variants.map((variant) => exampleFromSchema(variant, depth + 1)).filter(isObject),
      );
    }
    return exampleFromSchema(variants[0], depth + 1);
  }
  switch (schema.type) {
    case 'object':
    case undefined:
      if (!isObject(schema.properties)) return schema.type === 'object' ? {} : null;
      return Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [key, exampleFromSchema(value, depth + 1)]),
      );
    case 'array':
      return [exampleFromSchema(schema.items, depth + 1)];
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
