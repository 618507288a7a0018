import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { limitedRecord } from './limitedRecord';

describe('limitedRecord', () => {
  it('keeps a record of at most its bound, its entries checked', () => {
    const schema = limitedRecord(z.string(), z.number(), 3);
    expect(schema.parse({ a: 1, b: 2, c: 3 })).toEqual({ a: 1, b: 2, c: 3 });
    expect(schema.safeParse({ a: 'x' }).success).toBe(false);
  });

  it('refuses a record over its bound before checking any entry (450,000 of them took seconds)', () => {
    let checked = 0;
    const schema = limitedRecord(
      z.string(),
      z.number().refine(() => (checked += 1) > 0),
      1_000,
    );
    const huge = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`k${String(index)}`, 0]));
    const result = schema.safeParse(huge);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', message: 'At most 1,000 entries', path: [] }),
    ]);
    expect(checked).toBe(0);
  });

  it('says where the record is when it sits in an object', () => {
    const schema = z.object({ inputs: limitedRecord(z.string(), z.number(), 1).default({}) });
    expect(schema.safeParse({ inputs: { a: 1, b: 2 } }).error?.issues[0]?.path).toEqual(['inputs']);
    expect(schema.parse({})).toEqual({ inputs: {} });
  });
});
