/**
 * Closing the backend leaves nothing behind: no listener on its event bus or write notices, no
 * schedule timer, no webhook listener.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SchedulerClock } from './triggers/scheduler';
import { startBackend, stopBackend } from './testSupport/temporaryBackend';
import { inProcessApi } from './testSupport/typedApi';

/** A clock that only keeps its timers, so the test can see which are still set. */
function recordingClock() {
  const timers: { isCancelled: boolean }[] = [];
  const clock: SchedulerClock = {
    now: () => new Date('2026-03-01T12:00:00Z'),
    setTimer: () => {
      const timer = { isCancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.isCancelled = true) };
    },
  };
  return { clock, liveTimers: () => timers.filter((timer) => !timer.isCancelled).length };
}

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('closing the backend', () => {
  it('disposes every subscription, the schedule timer and the webhook listener', async () => {
    const { clock, liveTimers } = recordingClock();
    let listenerCounts: () => Record<string, number> = () => ({});
    const backend = startBackend(undefined, undefined, {
      scheduleClock: clock,
      onWired: (counts) => (listenerCounts = counts),
    });
    await backend.triggersReady;
    const api = inProcessApi(backend);
    const { id } = await api.call('runbooks.create', { details: { name: 'Every minute' } });
    await backend.dispatch('runbooks.update', {
      id,
      draft: {
        steps: [
          {
            id: 'start',
            name: 'Start',
            type: 'start',
            schedule: { isEnabled: true, expression: '* * * * *', timeZone: 'UTC' },
            webhook: { isEnabled: true, authentication: 'none' },
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      },
    });
    await api.call('runbooks.publish', { id, note: '' });
    const port = backend.triggers.boundPort();
    expect(port).not.toBeNull();
    expect(liveTimers()).toBe(1);
    expect(listenerCounts().repositoryWrites).toBeGreaterThan(0);
    expect(listenerCounts().runbookWrites).toBeGreaterThan(0);

    stopBackend(backend);
    // Stops are queued: this one settles once the listener the close began stopping is closed.
    await backend.triggers.stop();

    expect(listenerCounts()).toEqual({ events: 0, repositoryWrites: 0, runbookWrites: 0 });
    expect(liveTimers()).toBe(0);
    expect(await isListening(port ?? 0)).toBe(false);
  });
});
