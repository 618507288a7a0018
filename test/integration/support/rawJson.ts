/**
 * Fuzz test support: JSON bodies written byte by byte, so a body can hold what JSON.stringify
 * cannot write or would choke on — a `__proto__` key, a lone surrogate escape, invalid UTF-8
 * bytes, 1e999, nesting 5,000 deep — next to ordinary values.
 */

/** Bytes put into the body as they are, where a value goes. */
export class RawJson {
  readonly bytes: Buffer;

  constructor(bytes: string | Buffer) {
    this.bytes = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  }
}

/** JSON text nested `depth` levels: `[[[…]]]` or `{"a":{"a":…}}`, built without recursion. */
export function deepJson(depth: number, kind: 'array' | 'object'): RawJson {
  const open = kind === 'array' ? '[' : '{"a":';
  const close = kind === 'array' ? ']' : '}';
  return new RawJson(`${open.repeat(depth)}0${close.repeat(depth)}`);
}

/** A string value whose middle is the given bytes, as they are (invalid UTF-8, an escape). */
export function rawString(middle: Buffer | string): RawJson {
  return new RawJson(Buffer.concat([Buffer.from('"fuzz'), Buffer.from(middle), Buffer.from('"')]));
}

/** Writes a value as JSON, with RawJson pieces as their bytes (the values are shallow; recursion is fine). */
export function encodeJson(value: unknown): Buffer {
  const pieces: Buffer[] = [];
  write(value, pieces);
  return Buffer.concat(pieces);
}

function write(value: unknown, pieces: Buffer[]): void {
  if (value instanceof RawJson) {
    pieces.push(value.bytes);
  } else if (Array.isArray(value)) {
    pieces.push(Buffer.from('['));
    value.forEach((item, index) => {
      if (index > 0) pieces.push(Buffer.from(','));
      write(item, pieces);
    });
    pieces.push(Buffer.from(']'));
  } else if (typeof value === 'object' && value !== null) {
    pieces.push(Buffer.from('{'));
    Object.entries(value).forEach(([key, item], index) => {
      pieces.push(Buffer.from(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`));
      write(item, pieces);
    });
    pieces.push(Buffer.from('}'));
  } else {
    pieces.push(Buffer.from(JSON.stringify(value) ?? 'null'));
  }
}
