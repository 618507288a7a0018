/**
 * Fuzz test support: the hostile values put into one field at a time — of another type than the
 * field expects, or of its own type at and past the edges. Seeded where they are random.
 */
import { RawJson, deepJson, rawString } from './rawJson';

export const deep = 5_000;
export const megabyte = 1024 * 1024;
const proto = () => new RawJson('{"__proto__":{"polluted":"yes","isAdmin":true}}');
const constructorKey = () => new RawJson('{"constructor":{"prototype":{"polluted":"yes"}}}');

export type Labelled = [label: string, value: unknown];

/** Values of another type than the field expects, and the ones any field must survive. */
export function foreignValues(type: string): Labelled[] {
  const values: Labelled[] = [
    ['null', null],
    ['{"__proto__":…}', proto()],
    ['{"constructor":{"prototype":…}}', constructorKey()],
    [`array nested ${String(deep)} deep`, deepJson(deep, 'array')],
    [`object nested ${String(deep)} deep`, deepJson(deep, 'object')],
  ];
  if (type !== 'string') values.push(['a string', 'fuzz'], ['a string of 1 MB', 'x'.repeat(megabyte)]);
  if (type !== 'number' && type !== 'integer') values.push(['a number', -1]);
  if (type !== 'boolean') values.push(['a boolean', true]);
  if (type !== 'array') values.push(['an array', ['fuzz']]);
  if (type !== 'object') values.push(['an object', {}]);
  return values;
}

/** Values of the field's own type, at and past the edges. */
export function ownTypeValues(type: string, random: () => number): Labelled[] {
  switch (type) {
    case 'string':
      return [
        ['""', ''],
        ['spaces only', '   '],
        ['1 MB string', 'x'.repeat(megabyte)],
        ['NUL and control characters', 'a\u0000b\u0001\u0008\u001b[31m\u007f\r\n'],
        ['a lone surrogate', rawString('\\ud800')],
        // Sent twice: stored as bytes that read back as U+FFFD, a name can meet itself in a UNIQUE index.
        ['the same lone surrogate again', rawString('\\ud800')],
        ['a lone low surrogate', rawString('\\udc00')],
        ['invalid UTF-8 bytes', rawString(Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]))],
        ['"__proto__"', '__proto__'],
        ['"constructor"', 'constructor'],
        ['an unknown uuid', '7f0c1a5e-3d2b-4c8e-9f10-2a3b4c5d6e7f'],
        ['an unknown id that is no uuid', 'no-such-record_42'],
        ['a path escaping its folder', '../../../../etc/passwd'],
        ['a template reaching for prototypes', '{{constructor.constructor}} {{__proto__}}'],
        ['right-to-left mark, BOM, emoji', '\u202e\ufeff😀\u200b'],
        ['seeded junk', junk(random)],
      ];
    case 'number':
    case 'integer':
      return [
        ['-1', -1],
        ['0', 0],
        ['-0', new RawJson('-0')],
        ['1.5', 1.5],
        ['2^53 + 1', new RawJson('9007199254740993')],
        ['1e308', 1e308],
        ['1e999 (Infinity once parsed)', new RawJson('1e999')],
        ['-1e999', new RawJson('-1e999')],
        ['a numeric string', '12'],
      ];
    case 'boolean':
      return [
        ['"true"', 'true'],
        ['1', 1],
      ];
    case 'array':
      return [
        ['10,001 nulls', new Array<null>(10_001).fill(null)],
        ['an array holding a 1 MB string', ['x'.repeat(megabyte)]],
      ];
    case 'object':
      return [
        ['10,000 keys', Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${String(i)}`, i]))],
        [
          'keys __proto__, constructor, prototype',
          new RawJson('{"__proto__":{},"constructor":{},"prototype":{}}'),
        ],
      ];
    default:
      return [];
  }
}

/** Thirty seeded characters from all over Unicode, surrogate halves left out (JSON.stringify escapes them). */
function junk(random: () => number): string {
  let text = '';
  while (text.length < 30) {
    const code = Math.floor(random() * 0x10ffff);
    if (code < 0xd800 || code > 0xdfff) text += String.fromCodePoint(code);
  }
  return text;
}
