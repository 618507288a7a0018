import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  assertUtf8File,
  exchangeableText,
  firstInvalidUtf8Byte,
  savedText,
  tabsAsSpaces,
  textProblem,
  utf8ByteLength,
} from './exchangeText';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['\uD800', 3],
  ])('counts %j as %i bytes, as Node does', (text, expected) => {
    expect(utf8ByteLength(text)).toBe(expected);
    expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});

describe('firstInvalidUtf8Byte', () => {
  it.each([
    ['ASCII', Buffer.from('{"name": "x"}')],
    ['two, three and four bytes', Buffer.from('é€😀')],
    ['the largest code point', bytes(0xf4, 0x8f, 0xbf, 0xbf)],
  ])('accepts %s', (_, given) => {
    expect(firstInvalidUtf8Byte(given)).toBeUndefined();
  });

  it.each([
    ['a Latin-1 é', bytes(0x61, 0xe9, 0x62), 1],
    ['a lone continuation byte', bytes(0x61, 0x80), 1],
    ['a sequence cut short at the end', bytes(0x61, 0x62, 0xe2, 0x82), 2],
    ['an overlong slash', bytes(0xc0, 0xaf), 0],
    ['an overlong three-byte form', bytes(0xe0, 0x80, 0xaf), 0],
    ['a surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['a code point above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['UTF-16 with a byte order mark', bytes(0xff, 0xfe, 0x7b, 0x00), 0],
  ])('finds %s at its offset', (_, given, offset) => {
    expect(firstInvalidUtf8Byte(given)).toBe(offset);
  });

  it('agrees with TextDecoder on every two-byte sequence', () => {
    // U+FFFD takes three bytes, so in two bytes it only ever stands for bytes that are not UTF-8.
    // (A fatal decoder says the same by throwing, which cost seconds over 65,536 pairs.)
    const decoder = new TextDecoder('utf-8');
    const disagreements: string[] = [];
    for (let first = 0; first < 256; first += 1) {
      for (let second = 0; second < 256; second += 1) {
        const given = bytes(first, second);
        const isValid = !decoder.decode(given).includes('\uFFFD');
        if ((firstInvalidUtf8Byte(given) === undefined) !== isValid)
          disagreements.push(`${String(first)} ${String(second)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('assertUtf8File', () => {
  it('says which byte is not UTF-8', () => {
    expect(() =>
      assertUtf8File(Buffer.concat([Buffer.from('{"name": "Caf'), bytes(0xe9), Buffer.from('"}')])),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message:
          'This file cannot be imported: it is not UTF-8 text (byte 13 is not valid UTF-8). Save it as UTF-8 and try again.',
      }),
    );
  });
});

describe('textProblem', () => {
  it.each([
    ['a NUL in a name', 'a\u0000b', false, 'contains the control character U+0000'],
    ['a tab in a name', 'a\tb', false, 'contains the control character U+0009'],
    ['DEL in a description', 'a\u007fb', true, 'contains the control character U+007F'],
    ['U+FFFD', 'Caf\uFFFD', false, expect.stringContaining('U+FFFD') as unknown],
    ['line breaks and tabs in a description', 'a\r\n\tb', true, undefined],
    ['letters of any script', 'Zürich 東京 😀', false, undefined],
  ])('%s', (_, text, isMultiline, expected) => {
    expect(textProblem(text, isMultiline)).toEqual(expected);
  });
});

describe('tabsAsSpaces', () => {
  it('turns each tab into a space and leaves other text as it is', () => {
    expect(tabsAsSpaces('Check\taccess\t\tnow')).toBe('Check access  now');
    expect(tabsAsSpaces('two\nlines')).toBe('two\nlines');
  });
});

describe('exchangeableText', () => {
  it.each([
    ['a tab in a name', 'a\tb', false, 'a b'],
    ['NUL, a line break and U+FFFD in a name', 'a\u0000b\nc\uFFFDd', false, 'a b c d'],
    ['tabs and line breaks in a description', 'a\r\n\tb', true, 'a\r\n\tb'],
    ['escape and DEL in a description', '\u001b[31mred\u007f', true, ' [31mred '],
    ['letters of any script', 'Zürich 東京 😀', false, 'Zürich 東京 😀'],
  ])('writes %s as the import takes it', (_, text, isMultiline, expected) => {
    expect(exchangeableText(text, isMultiline)).toBe(expected);
    expect(textProblem(expected, isMultiline)).toBeUndefined();
  });
});

describe('savedText', () => {
  const name = savedText(z.string().trim().min(1).max(20), 'Name');
  const description = savedText(z.string().max(100), 'Description', true);

  it('saves a tab in a one-line text as a space, after trimming its ends', () => {
    expect(name.parse('\tCheck\taccess\t')).toBe('Check access');
  });

  it('keeps tabs and line breaks in a description', () => {
    expect(description.parse('one\ttwo\r\nthree')).toBe('one\ttwo\r\nthree');
  });

  it.each([
    ['a NUL in a name', name, 'a\u0000b', 'Name contains the control character U+0000'],
    ['a line break in a name', name, 'two\nlines', 'Name contains the control character U+000A'],
    [
      'an escape in a description',
      description,
      '\u001b[31m',
      'Description contains the control character U+001B',
    ],
    [
      'U+FFFD in a name',
      name,
      'Caf\uFFFD',
      expect.stringMatching(/^Name contains U\+FFFD \(�\), .*type the character it replaced$/) as unknown,
    ],
  ])('refuses %s, led by the field’s label', (_, schema, text, message) => {
    expect(schema.safeParse(text).error?.issues).toEqual([expect.objectContaining({ message })]);
  });
});
