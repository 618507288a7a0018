/** Setting {{vars.<name>}} in a run's scope, whatever the name. */

/**
 * Sets one variable. Defined, not assigned: `__proto__` is a valid variable name, and assigned it
 * would set the object's prototype instead, so the variable would be lost.
 */
export function setVariable(vars: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(vars, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Sets every own property of `values` as a variable (a record's or a pin's variables). */
export function setVariables(
  vars: Record<string, unknown>,
  values: Record<string, unknown> | undefined,
): void {
  for (const [name, value] of Object.entries(values ?? {})) setVariable(vars, name, value);
}
