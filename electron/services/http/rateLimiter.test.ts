/** The shared rate limiter on a fake clock: windows, concurrency, pauses, cancels, both gates. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { noRateLimits, type RateLimits } from '../../../shared/domain/rateLimits';
import {
  createRateLimiter,
  limitedGatesOf,
  type RateLimitPlace,
  type RateLimitedRequest,
} from './rateLimiter';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const limiter = () => createRateLimiter({ now: () => Date.now() });
const limits = (set: Partial<RateLimits>): RateLimits => ({ ...noRateLimits, ...set });
const to = (integrationLimits: RateLimits, more: Partial<RateLimitedRequest> = {}): RateLimitedRequest => ({
  integrationId: 'crm',
  integrationLimits,
  ...more,
});

/** A place taken now or later, and whether it has come yet. */
function track(taken: RateLimitPlace | Promise<RateLimitPlace>) {
  const state: { place?: RateLimitPlace; error?: unknown } = {};
  if (taken instanceof Promise) {
    taken.then(
      (place) => (state.place = place),
      (error: unknown) => (state.error = error),
    );
  } else state.place = taken;
  return state;
}

describe('the rate limiter', () => {
  it('gives a place at once, without a promise, when nothing is limited', () => {
    const taken = limiter().take(to(noRateLimits));
    expect(taken).not.toBeInstanceOf(Promise);
    expect((taken as RateLimitPlace).waitedMs).toBe(0);
  });

  it('lets the next request of a full second go one second after the answer of the first', async () => {
    const gate = limiter();
    const perSecond = limits({ requestsPerSecond: 2 });
    const first = track(gate.take(to(perSecond)));
    const second = track(gate.take(to(perSecond)));
    const third = track(gate.take(to(perSecond)));
    expect(first.place).toBeDefined();
    expect(second.place).toBeDefined();
    await vi.advanceTimersByTimeAsync(100);
    first.place?.release();
    second.place?.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(third.place).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(third.place?.waitedMs).toBe(1100);
  });

  it('counts a minute window as well', async () => {
    const gate = limiter();
    const perMinute = limits({ requestsPerMinute: 1 });
    const first = track(gate.take(to(perMinute)));
    first.place?.release();
    const second = track(gate.take(to(perMinute)));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(second.place).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(second.place).toBeDefined();
  });

  it('keeps no more than the concurrent limit in flight, in the order they asked', async () => {
    const gate = limiter();
    const two = limits({ concurrentRequests: 2 });
    const places = [0, 1, 2, 3].map(() => track(gate.take(to(two))));
    await vi.advanceTimersByTimeAsync(0);
    expect(places.map((place) => place.place !== undefined)).toEqual([true, true, false, false]);
    places[1]?.place?.release();
    places[1]?.place?.release(); // A second release gives back nothing more.
    await vi.advanceTimersByTimeAsync(0);
    expect(places.map((place) => place.place !== undefined)).toEqual([true, true, true, false]);
  });

  it('holds back every request to the integration during a pause, limits or not', async () => {
    const gate = limiter();
    gate.pause('crm', 2_000);
    const held = track(gate.take(to(noRateLimits)));
    const other = gate.take({ integrationId: 'billing', integrationLimits: noRateLimits });
    expect(other).not.toBeInstanceOf(Promise);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(held.place).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(held.place?.waitedMs).toBe(2_000);
    held.place?.release();
    // The pause over and nothing left to remember: back to the path without a promise.
    expect(gate.take(to(noRateLimits))).not.toBeInstanceOf(Promise);
  });

  it('never pauses for longer than ten minutes, whatever the API says', async () => {
    const gate = limiter();
    gate.pause('crm', 3_600_000);
    const held = track(gate.take(to(noRateLimits)));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(held.place?.waitedMs).toBe(600_000);
  });

  it('stops waiting at once when the run is cancelled, and lets the next one in', async () => {
    const gate = limiter();
    const one = limits({ concurrentRequests: 1 });
    const first = track(gate.take(to(one)));
    const controller = new AbortController();
    const cancelled = track(gate.take(to(one, { signal: controller.signal })));
    const next = track(gate.take(to(one)));
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(cancelled.error).toMatchObject({ code: 'ABORTED' });
    first.place?.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(next.place).toBeDefined();
  });

  it('counts no place in a window for a request cancelled before it left', async () => {
    const gate = limiter();
    const perMinute = limits({ requestsPerMinute: 1 });
    const acme = { id: 'acme', limits: perMinute };
    // Another client's request takes the integration's minute.
    gate.take(to(perMinute, { configuration: { id: 'globex', limits: null } })) as RateLimitPlace;
    await vi.advanceTimersByTimeAsync(1_000);
    // acme's request passes acme's gate, then waits at the integration's; its run is cancelled.
    const controller = new AbortController();
    const cancelled = track(gate.take(to(perMinute, { configuration: acme, signal: controller.signal })));
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(cancelled.error).toMatchObject({ code: 'ABORTED' });
    // It sent nothing: acme's minute is still unused (asked through another, free integration,
    // acme's gate alone holds it), not taken for a minute after the cancel.
    const acmeAlone = { integrationId: 'billing', integrationLimits: undefined, configuration: acme };
    expect(gate.take(acmeAlone)).not.toBeInstanceOf(Promise);
  });

  it('applies a configuration’s own limits on top of the integration’s, per configuration', async () => {
    const gate = limiter();
    const integrationLimits = limits({ concurrentRequests: 3 });
    const acme = { id: 'acme', limits: limits({ concurrentRequests: 1 }) };
    const globex = { id: 'globex', limits: null };
    const a1 = track(gate.take(to(integrationLimits, { configuration: acme })));
    const a2 = track(gate.take(to(integrationLimits, { configuration: acme })));
    const g1 = track(gate.take(to(integrationLimits, { configuration: globex })));
    const g2 = track(gate.take(to(integrationLimits, { configuration: globex })));
    const g3 = track(gate.take(to(integrationLimits, { configuration: globex })));
    await vi.advanceTimersByTimeAsync(0);
    // acme: one at a time; the integration: three in all, acme's waiting one not among them.
    expect([a1, a2, g1, g2, g3].map((place) => place.place !== undefined)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    a1.place?.release();
    await vi.advanceTimersByTimeAsync(0);
    expect([a2, g3].map((place) => place.place !== undefined)).toEqual([false, true]);
  });
});

describe('limitedGatesOf (the gates the shared limiters hold)', () => {
  it('passes a configuration with limits of its own first, then its integration', () => {
    const gates = limitedGatesOf({
      integrationId: 'i',
      integrationLimits: limits({ requestsPerSecond: 5 }),
      configuration: { id: 'c', limits: limits({ concurrentRequests: 2 }) },
    });
    expect(gates).toEqual([
      { key: 'configuration:c', limits: limits({ concurrentRequests: 2 }) },
      { key: 'integration:i', limits: limits({ requestsPerSecond: 5 }) },
    ]);
  });

  it('has no gate where no limit is set (a definition stored before limits too)', () => {
    expect(
      limitedGatesOf({
        integrationId: 'i',
        integrationLimits: undefined,
        configuration: { id: 'c', limits: noRateLimits },
      }),
    ).toEqual([]);
  });
});
