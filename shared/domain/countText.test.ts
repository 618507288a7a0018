import { describe, expect, it } from 'vitest';
import { countText } from './countText';

describe('countText', () => {
  it('groups thousands as toLocaleString("en") does', () => {
    const counts = [
      0, 7, 42, 999, 1_000, 10_000, 12_345, 250_000, 1_000_000, 4_194_304, -1_234, 9_007_199_254_740_991,
    ];
    for (const count of counts) expect(countText(count)).toBe(count.toLocaleString('en'));
  });
});
