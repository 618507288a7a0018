/**
 * Large deletions a slice at a time: one statement over 20,000 runs or 400,000 call-log rows held
 * the backend for seconds (no call, webhook or run served meanwhile). `some(limit)` deletes or
 * changes up to `limit` rows in a transaction of its own and says how many it did; between slices
 * the event loop serves whatever waits. A slice's size adapts to take ~10–40 ms, whatever its rows
 * weigh (a run of 20 steps, a run of 10,000, a call-log row).
 */
export async function inSlices(some: (limit: number) => number): Promise<void> {
  let limit = 64;
  for (;;) {
    const started = performance.now();
    if (some(limit) < limit) return;
    const tookMs = performance.now() - started;
    if (tookMs < 10) limit *= 2;
    else if (tookMs > 40) limit = Math.max(1, Math.floor(limit / 2));
    await new Promise((resolve) => setImmediate(resolve));
  }
}
