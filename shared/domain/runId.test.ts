import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newRunId } from './runId';

const version7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRunId', () => {
  it('makes UUIDs of version 7 that the contract takes as a caller’s run id', () => {
    for (let index = 0; index < 100; index += 1) {
      const id = newRunId();
      expect(id).toMatch(version7);
      expect(z.uuid().safeParse(id).success).toBe(true);
    }
  });

  it('starts with the time, so that later runs sort after earlier ones', () => {
    const at = Date.UTC(2026, 11, 3, 9, 0, 0, 0);
    expect(newRunId(at).startsWith(at.toString(16).padStart(12, '0').slice(0, 8))).toBe(true);
    const ids = Array.from({ length: 500 }, (_, index) => newRunId(at + index));
    expect([...ids].sort()).toEqual(ids);
  });

  it('never repeats, within a millisecond either', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 5_000 }, () => newRunId(at)));
    expect(ids.size).toBe(5_000);
  });
});
