import { describe, expect, it } from 'vitest';
import { findTooBroad, maxJsonObjectKeys, tooBroadMessage } from './jsonBreadth';

/** An object of `count` keys k0, k1, … as JSON text. */
const objectOf = (count: number) =>
  `{${Array.from({ length: count }, (_, index) => `"k${String(index)}":${String(index)}`).join(',')}}`;

describe('findTooBroad', () => {
  it.each([
    ['a scalar', '1', 0],
    ['an empty object and array', '{"a":{},"b":[]}', 2],
    ['keys and items, all counted', '{"a":[1,2,3],"b":{"c":[{}]}}', 7],
    ['text that looks like JSON inside strings', '{"a,b:c":"[1,2,{\\"d\\":3}]"}', 1],
    ['blanks around everything', ' [ 1 , [ ] , { "a" : 2 } ] ', 4],
  ])('accepts %s at exactly its count of keys and items', (_, text, count) => {
    expect(findTooBroad(text, count)).toBeUndefined();
    if (count > 0) expect(findTooBroad(text, count - 1)).toEqual({ kind: 'values' });
  });

  it('takes an object of the most keys one may have, and names where a larger one sits', () => {
    expect(findTooBroad(objectOf(maxJsonObjectKeys), 1_000_000)).toBeUndefined();
    const text = `{"items":[1,{"big":${objectOf(maxJsonObjectKeys + 1)}}]}`;
    expect(findTooBroad(text, 1_000_000)).toEqual({ kind: 'keys', path: '$.items[1].big' });
  });

  it('counts a value nested beyond what it tells apart, and stops at its bound', () => {
    const deep = `${'['.repeat(5_000)}1,2,3${']'.repeat(5_000)}`;
    expect(findTooBroad(deep, 10_000)).toBeUndefined();
    expect(findTooBroad(`${'['.repeat(5_000)}${'1,'.repeat(20_000)}1${']'.repeat(5_000)}`, 10_000)).toEqual({
      kind: 'values',
    });
  });

  it('says what is too broad and the bound, quoting no value', () => {
    expect(tooBroadMessage('The body', { kind: 'values' }, 50_000)).toBe(
      'The body holds more than 50,000 keys and array items; send at most 50,000.',
    );
    expect(tooBroadMessage('The body', { kind: 'keys', path: '$.a' }, 50_000)).toBe(
      'The body holds an object of more than 10,000 keys (at $.a); send at most 10,000 keys in one object.',
    );
  });
});
