/**
 * Test support for schedules through the backend: a clock whose timers fire only when the test
 * moves time on (one clock may serve several backends, as processes on one folder share the
 * wall clock), one whose wall clock can also move while no timer counts (a machine asleep, or a
 * timer that ends a moment late), a draft whose Start step has a schedule, and a runbook published
 * with one.
 */
import type { startBackend } from '../../testSupport/temporaryBackend';
import { inProcessApi } from '../../testSupport/typedApi';
import type { SchedulerClock } from '../scheduler';

/** A clock at `startIso`; `advance` fires, in order, the timers due within the time moved on. */
export function fakeScheduleClock(startIso: string): { clock: SchedulerClock; advance(ms: number): void } {
  let now = Date.parse(startIso);
  const timers: { at: number; callback: () => void; isCancelled: boolean }[] = [];
  const clock: SchedulerClock = {
    now: () => new Date(now),
    setTimer: (ms, callback) => {
      const timer = { at: now + ms, callback, isCancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.isCancelled = true) };
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    // Bounded: a timer that sets itself again at once cannot hold the test.
    for (let fired = 0; fired < 10_000; fired += 1) {
      const due = timers
        .filter((timer) => !timer.isCancelled && timer.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      now = due.at;
      due.isCancelled = true;
      due.callback();
    }
    now = end;
  };
  return { clock, advance };
}

/** Wall time, and timers on a monotonic clock that stops while the machine is suspended. */
export function suspendableClock(startIso: string) {
  let wall = Date.parse(startIso);
  let elapsed = 0;
  const timers: { at: number; callback: () => void; isCancelled: boolean }[] = [];
  const clock: SchedulerClock = {
    now: () => new Date(wall),
    setTimer: (ms, callback) => {
      const timer = { at: elapsed + ms, callback, isCancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.isCancelled = true) };
    },
  };
  const advance = (ms: number) => {
    const end = elapsed + ms;
    // Bounded: a timer that sets itself again at once cannot hold the test.
    for (let fired = 0; fired < 10_000; fired += 1) {
      const due = timers
        .filter((timer) => !timer.isCancelled && timer.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      wall += due.at - elapsed;
      elapsed = due.at;
      due.isCancelled = true;
      due.callback();
    }
    wall += end - elapsed;
    elapsed = end;
  };
  return { clock, advance, suspend: (ms: number) => void (wall += ms) };
}

/** Start (with this schedule, enabled, in UTC unless said) → an End saying when the run was due. */
export const scheduledDraft = (schedule: Record<string, unknown>) => ({
  steps: [
    {
      id: 'start',
      name: 'Start',
      type: 'start',
      schedule: { isEnabled: true, timeZone: 'UTC', ...schedule },
    },
    { id: 'done', name: 'Done', type: 'end', message: '{{trigger.body.scheduledAt}}' },
  ],
  edges: [{ from: 'start', kind: 'next', to: 'done' }],
});

/** Creates "Nightly report", scheduled every minute, and publishes it; answers its id. */
export async function publishedEveryMinute(backend: ReturnType<typeof startBackend>): Promise<string> {
  const { id } = await inProcessApi(backend).call('runbooks.create', { details: { name: 'Nightly report' } });
  await backend.dispatch('runbooks.update', { id, draft: scheduledDraft({ expression: '* * * * *' }) });
  await backend.dispatch('runbooks.publish', { id, note: '' });
  return id;
}
