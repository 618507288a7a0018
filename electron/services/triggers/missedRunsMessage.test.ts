/** The missed-runs message reads its time on the schedule's clock, naming the zone. */
import { describe, expect, it } from 'vitest';
import { missedRunsMessage, scheduleTimeText } from './missedRunsMessage';
import { maxMissedCount } from './scheduler';

describe('missedRunsMessage', () => {
  it.each([
    ['UTC', '2026-12-05T03:00:00.000Z', 'Sat, 5 Dec 2026, 03:00 UTC'],
    ['Europe/Paris', '2026-12-05T03:00:00.000Z', 'Sat, 5 Dec 2026, 04:00 Europe/Paris time'],
    ['America/New_York', '2026-12-05T03:00:00.000Z', 'Fri, 4 Dec 2026, 22:00 America/New_York time'],
    ['Asia/Kolkata', '2026-07-01T00:00:00.000Z', 'Wed, 1 Jul 2026, 05:30 Asia/Kolkata time'],
    ['Europe/London', '2026-07-01T12:00:10.000Z', 'Wed, 1 Jul 2026, 13:00:10 Europe/London time'],
    ['Not/AZone', '2026-12-05T03:00:00.000Z', 'Sat, 5 Dec 2026, 03:00 UTC'],
  ])('shows a time in %s as on that clock (%s)', (timeZone, iso, text) => {
    expect(scheduleTimeText(new Date(iso), timeZone)).toBe(text);
  });

  it('says "at least" once the count reaches the scheduler’s limit', () => {
    const at = new Date('2026-12-05T03:00:00.000Z');
    expect(missedRunsMessage(maxMissedCount, at, 'UTC')).toMatch(
      /^At least 1,000 scheduled runs were missed /,
    );
    expect(missedRunsMessage(999, at, 'UTC')).toMatch(/^999 scheduled runs were missed /);
  });

  it('counts the runs in words', () => {
    const at = new Date('2026-12-05T03:00:00.000Z');
    expect(missedRunsMessage(1, at, 'UTC')).toBe(
      '1 scheduled run was missed while the app was closed or the computer asleep (the last due Sat, 5 Dec 2026, 03:00 UTC).',
    );
    expect(missedRunsMessage(3, at, 'Europe/Paris')).toBe(
      '3 scheduled runs were missed while the app was closed or the computer asleep (the last due Sat, 5 Dec 2026, 04:00 Europe/Paris time).',
    );
  });
});
