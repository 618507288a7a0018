/** A step's variables with its method's {{config.…}} values laid over them, on the path of every step, so written for speed and tested alone. */

/**
 * The step's variables with the {{config.…}} values its method uses laid over them. Copied key by
 * key: on Node 20, spreading two objects into one took about a microsecond, for every step.
 */
export function withReferences(
  variables: Record<string, unknown>,
  scope: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  copyOwn(variables, merged);
  copyOwn(scope, merged);
  return merged;
}

function copyOwn(from: Record<string, unknown>, to: Record<string, unknown>): void {
  for (const name in from) {
    if (!Object.hasOwn(from, name)) continue;
    // Defined, not assigned: a variable may be named __proto__.
    if (name === '__proto__')
      Object.defineProperty(to, name, {
        value: from[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else to[name] = from[name];
  }
}
