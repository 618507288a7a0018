import { describe, expect, it } from 'vitest';
import { overheadResult } from './benchResult';

describe('overheadResult', () => {
  it('is the median of the rounds’ paired differences, per request, in µs', () => {
    // Round 2 is slow on both sides (the machine was busy): the pairs' differences ignore it.
    const subject = [4.0, 9.0, 4.2, 4.1, 4.4];
    const floor = [3.0, 8.1, 3.4, 3.3, 3.5];
    const result = overheadResult('x', subject, floor, 20, 60, 'engine vs floor');
    // Differences 1.0, 0.9, 0.8, 0.8, 0.9 ms → median 0.9 ms over 20 requests = 45 µs.
    expect(result.value).toBe(45);
    expect(result.ok).toBe(true);
    // The difference of the medians (4.2 − 3.4 = 0.8 ms → 40 µs) is in the detail for the reader.
    expect(result.detail).toContain('their difference: 40.0 µs a request');
    expect(overheadResult('x', subject, floor, 20, 40, 'w').ok).toBe(false);
  });
});
