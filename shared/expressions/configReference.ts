/**
 * `{{config.<prefix>.<field>}}` (PRODUCT.md §4): a value of a configuration, named by its
 * integration's variable prefix and the field. Methods' requests and every template field of a
 * runbook read them; this says which placeholder is one.
 */

/** The [prefix, field] a variable path names when it is `config.<prefix>.<field>…`, else undefined. */
export function configReferenceOf(path: string): [prefix: string, field: string] | undefined {
  const [root, prefix, field] = path.split(/[.[]/);
  return root === 'config' && prefix !== undefined && field !== undefined && prefix !== '' && field !== ''
    ? [prefix, field]
    : undefined;
}

/** The path of a reference, as problems and run-time problems key it. */
export const configPathOf = (prefix: string, field: string): string => `config.${prefix}.${field}`;
