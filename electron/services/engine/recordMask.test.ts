import { describe, expect, it } from 'vitest';
import { recordMaskFor } from './recordMask';

describe('recordMaskFor', () => {
  const mask = recordMaskFor(['98765432', '0012345678', 'true', 'sk-live-abc']);

  it('masks text holding a credential, wherever it sits', () => {
    expect(mask({ a: ['Bearer sk-live-abc'], b: 'fine' })).toEqual({ a: ['Bearer ••••'], b: 'fine' });
  });

  it('masks a number or true/false that a credential became', () => {
    expect(mask({ key: 98765432, padded: 12345678, flag: true })).toEqual({
      key: '••••',
      padded: '••••',
      flag: '••••',
    });
  });

  it('keeps other numbers and booleans, and short numbers a credential could also be', () => {
    expect(mask({ count: 98765433, flag: false, small: 12 })).toEqual({
      count: 98765433,
      flag: false,
      small: 12,
    });
    expect(recordMaskFor(['0007'])({ n: 7 })).toEqual({ n: 7 });
  });
});
