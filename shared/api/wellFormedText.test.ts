import { describe, expect, it } from 'vitest';
import { findMalformedText, isWellFormedText } from './wellFormedText';

describe('isWellFormedText', () => {
  it.each([
    ['plain text', 'Production', true],
    ['a character outside the BMP (a whole surrogate pair)', 'deploy 🚀', true],
    ['NUL and control characters (well-formed, if unwelcome)', 'a\u0000b\u001b', true],
    ['a lone high surrogate', 'fuzz\ud800', false],
    ['a lone low surrogate', '\udc00fuzz', false],
    ['a pair the wrong way round', '\udc00\ud800', false],
    ['a high surrogate at the end after a whole pair', '🚀\ud83d', false],
  ])('%s', (_, text, expected) => {
    expect(isWellFormedText(text)).toBe(expected);
  });
});

describe('findMalformedText', () => {
  it('finds nothing in well-formed input', () => {
    expect(findMalformedText({ name: 'A', tags: ['b', '🚀'], n: 1, x: null })).toBeUndefined();
  });

  it('names the path of a value holding a lone surrogate', () => {
    expect(findMalformedText({ details: { tags: ['ok', 'bad\ud800'] } })).toEqual(['details', 'tags', 1]);
  });

  it('names the object whose key holds a lone surrogate', () => {
    expect(findMalformedText({ values: { '\udfff': 'x' } })).toEqual(['values']);
  });

  it('walks input nested 100,000 deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\ud800"${']'.repeat(100_000)}`) as unknown;
    expect(findMalformedText(deep)).toHaveLength(100_000);
  });
});
