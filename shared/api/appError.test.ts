import { describe, expect, it } from 'vitest';
import { AppError, maxMessageLength, readableText } from './appError';

describe('readableText', () => {
  it.each([
    ['plain text stays as it is', 'Name is required.', 'Name is required.'],
    ['a newline cannot start a log line of its own', 'a\nb\r\n', 'a\\u000Ab\\u000D\\u000A'],
    ['an escape sequence cannot recolour a terminal', '\u001b[31mred', '\\u001B[31mred'],
    ['NUL, DEL and C1 are written out', '\u0000\u007f\u0085\u009b', '\\u0000\\u007F\\u0085\\u009B'],
    ['line and paragraph separators are written out', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
    ['a lone surrogate is written out, a pair kept', '\ud800 😀 \udc00', '\\uD800 😀 \\uDC00'],
    ['other text (accents, CJK) is kept', 'Café 東京 •••• “quoted”', 'Café 東京 •••• “quoted”'],
  ])('%s', (_, text, expected) => {
    expect(readableText(text)).toBe(expected);
  });

  it('cuts long text to the bound, marked with …', () => {
    expect(readableText('x'.repeat(900_000))).toBe(`${'x'.repeat(maxMessageLength - 1)}…`);
    expect(readableText('abcdefghij', 5)).toBe('abcd…');
    expect(readableText('abcde', 5)).toBe('abcde');
  });

  it('counts escapes in the bound and never cuts a surrogate pair in two', () => {
    expect(readableText('\n'.repeat(10), 14)).toBe('\\u000A\\u000A\\…');
    expect(readableText('abc😀def', 5)).toBe('abc…');
  });
});

describe('AppError', () => {
  it('keeps every message readable and bounded, and its field too', () => {
    const error = new AppError('invalid_input', `key "${'\n\u001b'.repeat(1_000)}" is wrong`, 'a\nb');
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('\u001b');
    expect(error.message.length).toBeLessThanOrEqual(maxMessageLength);
    expect(error.toBody()).toMatchObject({ field: 'a\\u000Ab' });
  });
});
