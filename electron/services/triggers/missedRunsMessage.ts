/**
 * What the trigger log, the Start step and the process's log say about scheduled runs that were
 * due but did not run. The time is read on the schedule's own clock and the zone named ("Sat, 5
 * Dec 2026, 03:00 Europe/Paris time"), as the schedule was written in it: an ISO time in UTC made
 * a user in Paris work out which of their runs was meant.
 */
import { isValidTimeZone } from '../../../shared/schedule/cron';
import { maxMissedCount } from './scheduler';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A fixed English format (the backend's messages are English), with seconds only when the schedule has some. */
function formatFor(timeZone: string, hasSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone} ${String(hasSeconds)}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(hasSeconds ? { second: '2-digit' } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** `at` on the clock of `timeZone`, naming it ("03:00 Europe/Paris time", "03:00 UTC"); in UTC when the zone is unknown here. */
export function scheduleTimeText(at: Date, timeZone: string): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const zoneName = zone === 'UTC' ? zone : `${zone} time`;
  return `${formatFor(zone, at.getUTCSeconds() !== 0).format(at)} ${zoneName}`;
}

const countFormat = new Intl.NumberFormat('en-GB');

/**
 * "3 scheduled runs were missed … (the last due Sat, 5 Dec 2026, 03:00 Europe/Paris time)." The
 * scheduler stops counting at `maxMissedCount`, so a count there is "at least" that many: a
 * schedule every minute closed three days said "1000", not the 4,320 it missed.
 */
export function missedRunsMessage(count: number, latest: Date, timeZone: string): string {
  const runs =
    count >= maxMissedCount
      ? `At least ${countFormat.format(maxMissedCount)} scheduled runs were`
      : `${countFormat.format(count)} scheduled run${count === 1 ? ' was' : 's were'}`;
  return `${runs} missed while the app was closed or the computer asleep (the last due ${scheduleTimeText(latest, timeZone)}).`;
}
