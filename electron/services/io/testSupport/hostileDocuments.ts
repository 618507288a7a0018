/** Test support: small API descriptions that stand for huge ones (issue 11, item 4). */

/**
 * A "billion laughs" in YAML: x0 is a list of ten values, each next level a list of ten aliases
 * of the previous one, nine levels: about 530 bytes that stand for 10⁹ values.
 */
export function yamlAliasBomb(levels = 9, width = 10): string {
  const lines = [
    'openapi: 3.0.0',
    'info: {title: Laughs, version: "1"}',
    'paths: {}',
    'components:',
    '  x-laughs:',
  ];
  lines.push(`    x0: &x0 [${Array<string>(width).fill('a').join(',')}]`);
  for (let level = 1; level < levels; level += 1) {
    lines.push(
      `    x${String(level)}: &x${String(level)} [${Array<string>(width)
        .fill(`*x${String(level - 1)}`)
        .join(',')}]`,
    );
  }
  return lines.join('\n');
}

/**
 * About 5 kB of JSON: schema S0 is an object of `width` strings, each next schema an object of
 * `width` properties that all `$ref` the previous one, seven levels, and an operation whose body
 * is the last: width⁷ values once dereferenced.
 */
export function refBomb(levels = 7, width = 20): string {
  const schemas: Record<string, unknown> = {};
  const properties = (make: (index: number) => unknown) =>
    Object.fromEntries(Array.from({ length: width }, (_, index) => [`p${String(index)}`, make(index)]));
  schemas.S0 = { type: 'object', properties: properties(() => ({ type: 'string' })) };
  for (let level = 1; level < levels; level += 1) {
    const ref = { $ref: `#/components/schemas/S${String(level - 1)}` };
    schemas[`S${String(level)}`] = { type: 'object', properties: properties(() => ref) };
  }
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Refs', version: '1' },
    paths: {
      '/bomb': {
        post: {
          requestBody: {
            content: {
              'application/json': { schema: { $ref: `#/components/schemas/S${String(levels - 1)}` } },
            },
          },
          responses: { 200: { description: 'ok' } },
        },
      },
    },
    components: { schemas },
  });
}

/**
 * A valid 2.2 MB JSON document whose one operation has an example body of 1.1 million values: no
 * budget refuses it before the validator has worked on it for seconds, and its method's body
 * (5.5 MB once indented) is over the 5 MB a method holds.
 */
export function hugeExample(): string {
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Huge', version: '1' },
    paths: {
      '/huge': {
        put: {
          requestBody: { content: { 'application/json': { example: Array<number>(1_100_000).fill(0) } } },
          responses: { 200: { description: 'ok' } },
        },
      },
    },
  });
}
