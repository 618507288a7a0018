/** The pauses a process knows of: a longer one stays, one set before it listened is read once. */
import { describe, expect, it } from 'vitest';
import { createPauseBook } from './redisRateLimiterPauses';

function pauseBookAt(clock: { now: number }, pttl: (key: string) => Promise<number>) {
  return createPauseBook({ commands: { pttl }, log: () => undefined, now: () => clock.now });
}

describe('createPauseBook', () => {
  it('keeps the longer of two pauses and lets requests go once it ends', () => {
    const clock = { now: 1_000 };
    const pauses = pauseBookAt(clock, () => Promise.resolve(-2));
    pauses.note('i', 5_000);
    pauses.note('i', 1_000);
    clock.now = 5_500;
    expect(pauses.isPaused('i')).toBe(true);
    clock.now = 6_000;
    expect(pauses.isPaused('i')).toBe(false);
  });

  it('reads an integration’s pause in Redis once, however many requests ask', async () => {
    const clock = { now: 0 };
    const asked: string[] = [];
    const pauses = pauseBookAt(clock, (key) => {
      asked.push(key);
      return Promise.resolve(2_000);
    });
    expect(pauses.isKnown('i')).toBe(false);
    await Promise.all([pauses.learn('i'), pauses.learn('i')]);
    expect(asked).toEqual(['rbd:limits:integration:i:pause']);
    expect(pauses.isKnown('i')).toBe(true);
    expect(pauses.isPaused('i')).toBe(true);
  });

  it('lets a request to an integration that is not paused go at once, having waited nothing', async () => {
    const pauses = pauseBookAt({ now: 0 }, () => Promise.resolve(-2));
    await expect(pauses.waitOut({ integrationId: 'i', integrationLimits: undefined })).resolves.toMatchObject(
      {
        waitedMs: 0,
      },
    );
  });
});
