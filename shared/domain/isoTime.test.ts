import { describe, expect, it } from 'vitest';
import { isoTime } from './isoTime';

describe('isoTime', () => {
  it('writes a time as Date does, again and again, and each new millisecond anew', () => {
    const at = Date.UTC(2026, 11, 3, 8, 30, 15, 42);
    expect(isoTime(at)).toBe('2026-12-03T08:30:15.042Z');
    expect(isoTime(at)).toBe('2026-12-03T08:30:15.042Z');
    expect(isoTime(at + 1)).toBe('2026-12-03T08:30:15.043Z');
    expect(isoTime(at)).toBe(new Date(at).toISOString());
  });
});
