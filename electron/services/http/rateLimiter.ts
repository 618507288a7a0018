/**
 * The shared rate limiter: one gate per integration (and one per configuration that sets its own
 * limits), which every request to it passes, whichever run, client, Test, webhook or schedule
 * sends it. Both gates apply when both are set.
 *
 * - A place counts from the moment the request leaves until one second (one minute) after its
 *   answer came back: the API's own clock sees the request somewhere in between, so it never
 *   counts more than the limit in any second (minute), whatever the network delays. With a slow
 *   API the rate stays below the limit rather than risk going over it.
 * - Concurrent requests count from leaving until the answer came back (or the request failed).
 * - A pause (a 429 or 503 with Retry-After) holds back every request to the integration.
 * - Waiting is a FIFO queue per gate with at most one timer, woken by a place given back or by
 *   the timer; a request whose signal aborts leaves the queue at once.
 * - Without limits and without a pause, `take` gives a place at once without a promise.
 * - A request that must wait tells its `onWait` why (whose limit, or until when the pause holds)
 *   as it starts waiting at a gate, and again when a pause begins meanwhile; one that goes at
 *   once tells nothing.
 */
import { hasRateLimits, longestRateLimitPauseMs, type RateLimits } from '../../../shared/domain/rateLimits';
import type { RateLimitWait, RateLimitWaitListener } from '../../../shared/domain/rateLimitWait';
import { NetworkError } from './networkError';

export interface RateLimitedRequest {
  integrationId: string;
  /** The integration's limits as its definition holds them now (absent in definitions stored before limits). */
  integrationLimits: RateLimits | undefined;
  /** The configuration it is sent with and that configuration's own limits, if any. */
  configuration?: { id: string; limits: RateLimits | null | undefined } | undefined;
  signal?: AbortSignal | undefined;
  /** Told why, when the request has to wait (not called when it goes at once). */
  onWait?: RateLimitWaitListener | undefined;
}

export interface RateLimitPlace {
  /** How long the request waited for its place, in ms (0: it went at once). */
  waitedMs: number;
  /** Gives the place back once the answer has come (or the request failed); a second call does nothing. */
  release(): void;
  /**
   * Gives the place back for a request that was never sent (cancelled or refused while it waited
   * further on, at another gate or another process's place): no window counts it. Absent, release
   * does.
   */
  giveBackUnsent?(): void;
}

export interface RateLimiter {
  /** A place for one request: at once when free (no promise), else when its turn comes. */
  take(request: RateLimitedRequest): RateLimitPlace | Promise<RateLimitPlace>;
  /** Holds back every request to the integration for `forMs` (at most longestRateLimitPauseMs). */
  pause(integrationId: string, forMs: number): void;
  /**
   * Limits were saved: each gate takes its limits from `current` (its integration's or its
   * configuration's; undefined when that is gone, and the gate is left as it is), and the requests
   * waiting in it that they now allow go at once.
   */
  limitsChanged?(current: (owner: LimitOwner) => { limits: RateLimits | null | undefined } | undefined): void;
}

/** Whose limits a gate holds. */
export type LimitOwner = { kind: 'integration' | 'configuration'; id: string };

export interface RateLimiterOptions {
  /** A monotonic clock in ms; injected for tests. */
  now?: () => number;
}

interface Waiter {
  admit(): void;
  refuse(error: Error): void;
  /** Told of a pause that begins while it waits. */
  onPause: ((until: number) => void) | undefined;
}

/** The place of a request that waited for nothing. */
export const freePlace: RateLimitPlace = { waitedMs: 0, release: () => undefined };

/** Why a request cancelled while it waited for its place was not sent (every limiter words it so). */
export const cancelled = () =>
  new NetworkError(
    'ABORTED',
    'Cancelled while the request waited for the rate limit: it was not sent.',
    false,
  );

/** What reads an owner's limits as saved now (RateLimiter.limitsChanged's argument). */
export type LimitsReader = Parameters<NonNullable<RateLimiter['limitsChanged']>>[0];

/** One gate with limits: an integration, or a configuration with limits of its own. */
export interface LimitedGate {
  key: string;
  limits: RateLimits;
}

/** The gates with limits a request passes, its configuration's first: what the shared limiters (folder, Redis) hold. */
export function limitedGatesOf(request: RateLimitedRequest): LimitedGate[] {
  const gates: LimitedGate[] = [];
  const configuration = request.configuration;
  if (configuration !== undefined && hasRateLimits(configuration.limits))
    gates.push({ key: `configuration:${configuration.id}`, limits: configuration.limits });
  if (hasRateLimits(request.integrationLimits))
    gates.push({ key: `integration:${request.integrationId}`, limits: request.integrationLimits });
  return gates;
}

/** Places counted in one sliding window: times (ascending) when places of ended requests free up. */
class CoolingWindow {
  private readonly freeAt: number[] = [];
  private head = 0;
  constructor(readonly periodMs: number) {}

  add(endedAt: number): void {
    this.freeAt.push(endedAt + this.periodMs);
  }

  /** How many places are still cooling at `now`, after forgetting those that have freed up. */
  count(now: number): number {
    while (this.head < this.freeAt.length && (this.freeAt[this.head] ?? 0) <= now) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.freeAt.length) {
      this.freeAt.splice(0, this.head);
      this.head = 0;
    }
    return this.freeAt.length - this.head;
  }

  /** When the n-th (1-based) cooling place frees up. */
  nthFreeAt(n: number): number {
    return this.freeAt[this.head + n - 1] ?? Number.POSITIVE_INFINITY;
  }
}

/** One limiter's state: its limits, requests in flight, cooling places, a pause and a queue. */
class Gate {
  private inFlight = 0;
  private readonly perSecond = new CoolingWindow(1_000);
  private readonly perMinute = new CoolingWindow(60_000);
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    public limits: RateLimits | null | undefined,
    /** The configuration whose own limits these are, or null: the integration's gate. */
    readonly configurationId: string | null,
    private readonly now: () => number,
    private readonly onIdle: () => void,
  ) {}

  /**
   * Why a request coming now would wait here: the pause (when it outlasts the limits' wait), the
   * limits, or nothing (it would go at once). The pause's end is on the limiter's clock.
   */
  whyWait(): { kind: 'pause'; until: number } | { kind: 'limit'; limits: RateLimits } | undefined {
    const now = this.now();
    const pauseLeft = this.pausedUntil - now;
    const limitWait = this.limitWait(now);
    if (pauseLeft > 0 && pauseLeft >= limitWait) return { kind: 'pause', until: this.pausedUntil };
    if (this.queue.length === 0 && limitWait <= 0) return undefined;
    if (hasRateLimits(this.limits)) return { kind: 'limit', limits: this.limits };
    return pauseLeft > 0 ? { kind: 'pause', until: this.pausedUntil } : undefined;
  }

  /** A place at once, when nobody queues before and the limits allow it now. */
  tryEnter(): boolean {
    if (this.queue.length > 0 || this.waitBeforeStart(this.now()) > 0) return false;
    this.inFlight += 1;
    return true;
  }

  /** Queues for a place; rejects with ABORTED as soon as the signal aborts. */
  enter(signal: AbortSignal | undefined, onPause?: (until: number) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) return reject(cancelled());
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(cancelled());
        this.pump(); // Those behind it may be let in now.
      };
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        refuse: reject,
        onPause,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** A place given back by a request that never left: it frees the concurrency, and no window counts it. */
  leaveUnsent(): void {
    this.inFlight -= 1;
    this.pump();
  }

  leave(): void {
    this.inFlight -= 1;
    const ended = this.now();
    if ((this.limits?.requestsPerSecond ?? null) !== null) this.perSecond.add(ended);
    if ((this.limits?.requestsPerMinute ?? null) !== null) this.perMinute.add(ended);
    this.pump();
  }

  pause(until: number): void {
    const isLonger = until > this.pausedUntil;
    this.pausedUntil = Math.max(this.pausedUntil, until);
    if (!isLonger) return;
    // Those already waiting now wait for the pause, when it outlasts their limits' wait.
    const limitWait = this.limitWait(this.now());
    if (until - this.now() < limitWait) return;
    for (const waiter of this.queue) waiter.onPause?.(until);
  }

  /** Lets in, in order, every queued request the limits allow now; else sets the one timer. */
  pump(): void {
    while (this.queue.length > 0) {
      const wait = this.waitBeforeStart(this.now());
      if (wait > 0) {
        if (Number.isFinite(wait)) this.wakeIn(wait);
        return;
      }
      this.inFlight += 1;
      this.queue.shift()?.admit();
    }
    if (this.isIdle()) this.onIdle();
  }

  /** Nothing to remember: no limits, no pause, nobody waiting or in flight. */
  isIdle(): boolean {
    return (
      !hasRateLimits(this.limits) &&
      this.queue.length === 0 &&
      this.inFlight === 0 &&
      this.pausedUntil <= this.now()
    );
  }

  /** 0 when a request may start at `now`; Infinity when only a place given back can let it. */
  private waitBeforeStart(now: number): number {
    return Math.max(this.pausedUntil - now, this.limitWait(now));
  }

  /** How long the limits alone hold a request back at `now` (0: they let it go). */
  private limitWait(now: number): number {
    let wait = 0;
    const limits = this.limits;
    if (limits === null || limits === undefined) return wait;
    if (limits.concurrentRequests !== null && this.inFlight >= limits.concurrentRequests) {
      return Number.POSITIVE_INFINITY;
    }
    for (const [window, limit] of [
      [this.perSecond, limits.requestsPerSecond],
      [this.perMinute, limits.requestsPerMinute],
    ] as const) {
      if (limit === null) continue;
      const cooling = window.count(now);
      if (this.inFlight + cooling < limit) continue;
      // Enough cooling places must free up to leave one: those in flight free none before they end.
      wait = Math.max(wait, window.nthFreeAt(this.inFlight + cooling - limit + 1) - now);
    }
    return wait;
  }

  private wakeIn(ms: number): void {
    const at = this.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.pump();
    }, Math.ceil(ms));
  }
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const gates = new Map<string, Gate>();

  const gateOf = (key: string, limits: RateLimits | null | undefined): Gate => {
    let gate = gates.get(key);
    if (gate === undefined) {
      const configurationId = key.startsWith('configuration:') ? key.slice('configuration:'.length) : null;
      const created = new Gate(limits, configurationId, now, () => {
        if (gates.get(key) === created) gates.delete(key);
      });
      gates.set(key, created);
      gate = created;
    } else if (gate.limits !== limits) {
      gate.limits = limits; // The definition in force now; raised limits may let waiters in.
      gate.pump();
    }
    return gate;
  };

  /** The gates a request passes, its own configuration's first (holding it blocks only that client). */
  const gatesFor = (request: RateLimitedRequest): Gate[] => {
    const list: Gate[] = [];
    const configuration = request.configuration;
    if (configuration !== undefined && hasRateLimits(configuration.limits)) {
      list.push(gateOf(`configuration:${configuration.id}`, configuration.limits));
    }
    const integrationKey = `integration:${request.integrationId}`;
    if (hasRateLimits(request.integrationLimits) || gates.has(integrationKey)) {
      list.push(gateOf(integrationKey, request.integrationLimits));
    }
    return list;
  };

  const placeOf = (entered: Gate[], waitedMs: number): RateLimitPlace => {
    let isReleased = false;
    const giveBack = (leave: (gate: Gate) => void) => {
      if (isReleased) return;
      isReleased = true;
      for (const gate of entered) leave(gate);
    };
    return {
      waitedMs,
      release: () => giveBack((gate) => gate.leave()),
      giveBackUnsent: () => giveBack((gate) => gate.leaveUnsent()),
    };
  };

  /** A pause's end on the limiter's clock, as a time of day (ms since the epoch). */
  const epochOf = (until: number) => Date.now() + (until - now());

  /** Tells the request why it waits at the gate, when it must. */
  const tellWhy = (gate: Gate, request: RateLimitedRequest, onWait: RateLimitWaitListener) => {
    const why = gate.whyWait();
    if (why === undefined) return;
    const { integrationId } = request;
    const wait: RateLimitWait =
      why.kind === 'pause'
        ? { kind: 'pause', integrationId, until: epochOf(why.until) }
        : { kind: 'limit', integrationId, configurationId: gate.configurationId, limits: why.limits };
    onWait(wait);
  };

  /** The slow path: waits gate after gate; a cancel gives back what was taken, counted in no window. */
  async function queueFor(gatesLeft: Gate[], entered: Gate[], request: RateLimitedRequest) {
    const started = now();
    const { onWait, integrationId } = request;
    const onPause =
      onWait === undefined
        ? undefined
        : (until: number) => onWait({ kind: 'pause', integrationId, until: epochOf(until) });
    try {
      for (const gate of gatesLeft) {
        if (onWait !== undefined) tellWhy(gate, request, onWait);
        await gate.enter(request.signal, onPause);
        entered.push(gate);
      }
    } catch (error) {
      for (const gate of entered) gate.leaveUnsent();
      throw error;
    }
    return placeOf(entered, Math.max(0, now() - started));
  }

  return {
    take: (request) => {
      const list = gatesFor(request);
      if (list.length === 0) return freePlace;
      const entered: Gate[] = [];
      for (const [index, gate] of list.entries()) {
        if (!gate.tryEnter()) return queueFor(list.slice(index), entered, request);
        entered.push(gate);
      }
      return placeOf(entered, 0);
    },
    limitsChanged: (current) => {
      for (const [key, gate] of [...gates]) {
        const [kind, id = ''] = key.split(/:(.*)/) as [LimitOwner['kind'], string];
        const saved = current({ kind, id });
        if (
          saved === undefined ||
          JSON.stringify(saved.limits ?? null) === JSON.stringify(gate.limits ?? null)
        )
          continue;
        gate.limits = saved.limits;
        gate.pump();
      }
    },
    pause: (integrationId, forMs) => {
      if (!(forMs > 0)) return;
      const gate = gateOf(
        `integration:${integrationId}`,
        gates.get(`integration:${integrationId}`)?.limits ?? null,
      );
      gate.pause(now() + Math.min(forMs, longestRateLimitPauseMs));
      gate.pump();
    },
  };
}
