/**
 * An object of values by name (a step's outputs, a run's variables) as the backend answers it:
 * given back as it is. zod's record schema builds its answer by assignment, and a name
 * `__proto__` — a valid variable name, an ordinary key to JSON — assigned into an object sets its
 * prototype instead: the value was lost on its way to the window. For what the backend answers;
 * what it takes in is read with the record schemas, which bound names and counts.
 */
import { z } from 'zod';

const isObjectOfValues = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** Described to GET /api as the record it is. */
export const valuesByNameSchema = z
  .custom<Record<string, unknown>>(isObjectOfValues, { message: 'Expected an object of values by name' })
  .meta({ type: 'object', additionalProperties: {} });
