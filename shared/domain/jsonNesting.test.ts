import { describe, expect, it } from 'vitest';
import { boundedJsonSchema, findTooDeep, maxJsonNesting, recordedOutputsSchema } from './jsonNesting';

/** An object `levels` deep: {a: {a: … 1}}; the 1 sits at level `levels`. */
const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
};

describe('findTooDeep', () => {
  it.each([
    ['a scalar', 1, undefined],
    ['null', null, undefined],
    ['64 levels', nested(maxJsonNesting), undefined],
    ['an empty array at level 64', { a: nested(maxJsonNesting - 2) }, undefined],
  ])('accepts %s', (_, value, expected) => {
    expect(findTooDeep(value)).toBe(expected);
  });

  it('names where 65 levels begin', () => {
    expect(findTooDeep({ x: [nested(maxJsonNesting - 1)] })).toBe(`.x[0]${'.a'.repeat(maxJsonNesting - 1)}`);
  });

  it('walks 100,000 levels without overflowing the stack, and stops early', () => {
    let deep: unknown = [];
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(findTooDeep(deep)).toBe('[0]'.repeat(65));
  });

  it('keeps the path it reports short when keys are long', () => {
    const key = 'k'.repeat(10_000);
    let deep: unknown = 1;
    for (let level = 0; level < 70; level += 1) deep = { [key]: deep };
    expect((findTooDeep(deep) ?? '').length).toBeLessThanOrEqual(201);
  });
});

describe('boundedJsonSchema', () => {
  it('refuses 5,000 levels with a message saying how deep is allowed', () => {
    const result = boundedJsonSchema.safeParse(nested(5_000));
    expect(result.error?.issues[0]?.message).toMatch(/^The value nests deeper than 64 levels \(at \.a\.a/);
  });
});

describe('recordedOutputsSchema', () => {
  it('gives the object back as it came, its own "__proto__" key kept', () => {
    const outputs = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown;
    const parsed = recordedOutputsSchema.parse(outputs);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it.each([
    ['not an object', 'text', /expected record/],
    [
      'more than 1,000 names',
      Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`n${String(i)}`, i])),
      /At most 1,000 entries/,
    ],
    ['a value nested too deep', { a: nested(5_000) }, /nests deeper than 64 levels/],
  ])('refuses %s as the record schema does', (_, value, message) => {
    expect(recordedOutputsSchema.safeParse(value).error?.issues[0]?.message).toMatch(message);
  });
});
