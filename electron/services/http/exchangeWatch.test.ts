import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createExchangeWatch, type Watched } from './exchangeWatch';

/** An exchange that tells how it ended. */
function exchange(deadline: number, signal?: AbortSignal) {
  const ended: string[] = [];
  let resolveEnded: (how: string) => void = () => undefined;
  const whenEnded = new Promise<string>((resolve) => (resolveEnded = resolve));
  const watched: Watched = {
    deadline,
    signal,
    timedOut: () => {
      ended.push('timed out');
      resolveEnded('timed out');
    },
    aborted: () => {
      ended.push('aborted');
      resolveEnded('aborted');
    },
  };
  return { watched, ended, whenEnded };
}

describe('exchangeWatch', () => {
  it('times out each exchange at its deadline, the earliest first, whatever order they came in', async () => {
    const watch = createExchangeWatch();
    const start = performance.now();
    const late = exchange(start + 150);
    const early = exchange(start + 40);
    watch.watch(late.watched);
    watch.watch(early.watched);
    const order: string[] = [];
    await Promise.all([
      early.whenEnded.then(() => order.push('early')),
      late.whenEnded.then(() => order.push('late')),
    ]);
    expect(order).toEqual(['early', 'late']);
    expect(early.ended).toEqual(['timed out']);
    expect(late.ended).toEqual(['timed out']);
    expect(watch.size()).toBe(0);
  });

  it('never times out an exchange that ended before its deadline', async () => {
    const watch = createExchangeWatch();
    const ended = exchange(performance.now() + 20);
    const other = exchange(performance.now() + 60);
    watch.watch(ended.watched);
    watch.watch(other.watched);
    watch.unwatch(ended.watched);
    await other.whenEnded;
    expect(ended.ended).toEqual([]);
    expect(other.ended).toEqual(['timed out']);
  });

  it('aborts the exchanges of a signal, and only those, with one listener per signal', () => {
    const watch = createExchangeWatch();
    const run = new AbortController();
    const otherRun = new AbortController();
    const far = performance.now() + 60_000;
    const first = exchange(far, run.signal);
    const second = exchange(far, run.signal);
    const elsewhere = exchange(far, otherRun.signal);
    const finished = exchange(far, run.signal);
    for (const each of [first, second, elsewhere, finished]) watch.watch(each.watched);
    watch.unwatch(finished.watched);
    // A run's steps share one listener, however many requests they send.
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    run.abort();
    expect(first.ended).toEqual(['aborted']);
    expect(second.ended).toEqual(['aborted']);
    expect(finished.ended).toEqual([]);
    expect(elsewhere.ended).toEqual([]);
    expect(watch.size()).toBe(1);
    watch.unwatch(elsewhere.watched);
    otherRun.abort();
    expect(elsewhere.ended).toEqual([]);
  });

  it('reports each exchange once, however it ends', async () => {
    const watch = createExchangeWatch();
    const run = new AbortController();
    const watched = exchange(performance.now() + 30, run.signal);
    watch.watch(watched.watched);
    run.abort();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(watched.ended).toEqual(['aborted']);
  });
});
