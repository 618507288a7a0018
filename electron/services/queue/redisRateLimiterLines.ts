/**
 * The lines of requests waiting in this process for places in shared gates: one FIFO per set of
 * gates whose head asks Redis, and the leases of the places held, renewed while held. Apart from
 * the limiter, which adds the connections, the pauses and the pub/sub around them.
 */
import crypto from 'node:crypto';
import { NetworkError } from '../http/networkError';
import {
  cancelled,
  type LimitsReader,
  type RateLimitedRequest,
  type RateLimitPlace,
} from '../http/rateLimiter';
import {
  gatesWithSavedLimits,
  limitChannel,
  releaseArgumentsOf,
  renewalBatchesOf,
  setsOf,
  takeArgumentsOf,
  unansweredRefusal,
  type Gate,
} from './redisRateLimiterGates';
import type { LimitCommands } from './redisRateLimiterScripts';

export interface LimitLinesDependencies {
  scripts: Pick<LimitCommands, 'rbdLimitTake' | 'rbdLimitRelease' | 'rbdLimitRenew'>;
  /** How long a place in flight is held without being renewed. */
  leaseMs: number;
  /** How long the connection waits for Redis to answer (for the refusal's words). */
  answerTimeoutMs: number;
  log(line: string): void;
  now(): number;
  /** Tells a request that must wait why (its `onWait`), once. */
  tellWhy(request: RateLimitedRequest, gates: Gate[]): void;
}

export interface LimitLines {
  /** Puts the request in the line of its gates; settles with its place once Redis admits it. */
  queue(request: RateLimitedRequest, gates: Gate[]): Promise<RateLimitPlace>;
  /** A place in the gate was given back: the lines through it ask again now. */
  wakeLinesWith(gateKey: string): void;
  /** Limits were saved: the requests waiting here ask by them (not those they came with), at once. */
  limitsChanged(current: LimitsReader): void;
  /** Refuses every waiting request and stops renewing; places released later ask Redis nothing. */
  dispose(): void;
}

interface Waiter {
  request: RateLimitedRequest;
  gates: Gate[];
  startedAt: number;
  /** Whether it was told why it waits. */
  isTold: boolean;
  admit(place: RateLimitPlace): void;
  refuse(error: Error): void;
}

/** One FIFO per set of gates; its head asks Redis. */
interface Line {
  waiters: Waiter[];
  isAsking: boolean;
  wasWoken: boolean;
  timer: NodeJS.Timeout | undefined;
}

export function createLimitLines(deps: LimitLinesDependencies): LimitLines {
  const { scripts, leaseMs, now } = deps;
  const lines = new Map<string, Line>();
  /** Leases held here, with the flight sets they sit in, renewed while held. */
  const held = new Map<string, string[]>();
  let isDisposed = false;

  const renewal = setInterval(
    () => {
      if (held.size === 0) return;
      for (const { flights, leases } of renewalBatchesOf(held))
        scripts
          .rbdLimitRenew(flights.length, ...flights, leaseMs, ...leases)
          .catch((error: unknown) =>
            deps.log(`rate limit: a lease was not renewed: ${(error as Error).message}`),
          );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  renewal.unref();

  /** The line asks Redis again now, or once the question on its way is answered. */
  function wake(key: string, line: Line) {
    if (line.isAsking) line.wasWoken = true;
    else if (line.timer !== undefined) {
      clearTimeout(line.timer);
      line.timer = undefined;
      void ask(key, line);
    }
  }

  function wakeLinesWith(gateKey: string) {
    for (const [key, line] of lines) if (key.split('|').includes(gateKey)) wake(key, line);
  }

  function limitsChanged(current: LimitsReader) {
    for (const [key, line] of lines) {
      for (const waiter of line.waiters) waiter.gates = gatesWithSavedLimits(waiter.gates, current);
      wake(key, line);
    }
  }

  function placeOf(lease: string, gates: Gate[], waitedMs: number): RateLimitPlace {
    const flights = gates.map((gate) => setsOf(gate)[0] ?? '');
    held.set(lease, flights);
    let isReleased = false;
    return {
      waitedMs,
      release: () => {
        if (isReleased) return;
        isReleased = true;
        held.delete(lease);
        if (isDisposed) return;
        const { keys, args } = releaseArgumentsOf(gates);
        scripts
          .rbdLimitRelease(keys.length, ...keys, lease, limitChannel, ...args)
          .catch((error: unknown) =>
            deps.log(`rate limit: a place was not given back: ${(error as Error).message}`),
          );
        // Asked after the release on the same connection, so Redis sees the place back first.
        for (const gate of gates) wakeLinesWith(gate.key);
      },
    };
  }

  /** The head of the line asks Redis for a place; admitted, the next asks at once. */
  async function ask(key: string, line: Line): Promise<void> {
    const head = line.waiters[0];
    if (head === undefined || line.isAsking || isDisposed) {
      if (line.waiters.length === 0 && !line.isAsking && line.timer === undefined) lines.delete(key);
      return;
    }
    line.isAsking = true;
    line.wasWoken = false;
    const lease = crypto.randomUUID();
    const { keys, args } = takeArgumentsOf(head.request.integrationId, head.gates);
    let answer: [number, number?, number?];
    try {
      answer = await scripts.rbdLimitTake(keys.length, ...keys, lease, leaseMs, ...args);
    } catch (error) {
      line.isAsking = false;
      line.waiters.shift();
      head.refuse(unansweredRefusal(error as Error, deps.answerTimeoutMs));
      return ask(key, line);
    }
    line.isAsking = false;
    if (answer[0] === 1) {
      const place = placeOf(lease, head.gates, Math.max(0, now() - head.startedAt));
      if (line.waiters[0] === head) {
        line.waiters.shift();
        head.admit(place);
      } else place.release(); // It was cancelled while Redis answered.
      return ask(key, line);
    }
    if (line.wasWoken) return ask(key, line);
    tellOnce(head);
    const waitMs = Math.max(1, Math.min(answer[1] ?? leaseMs, leaseMs));
    line.timer = setTimeout(() => {
      line.timer = undefined;
      void ask(key, line);
    }, waitMs);
  }

  /** Tells a waiter why it waits, the first time it must. */
  function tellOnce(waiter: Waiter) {
    if (waiter.isTold || waiter.request.onWait === undefined) return;
    waiter.isTold = true;
    deps.tellWhy(waiter.request, waiter.gates);
  }

  function queue(request: RateLimitedRequest, gates: Gate[]): Promise<RateLimitPlace> {
    return new Promise<RateLimitPlace>((resolve, reject) => {
      const signal = request.signal;
      if (signal?.aborted === true) return reject(cancelled());
      const key = gates.map((gate) => gate.key).join('|');
      let line = lines.get(key);
      if (line === undefined) {
        line = { waiters: [], isAsking: false, wasWoken: false, timer: undefined };
        lines.set(key, line);
      }
      const onAbort = () => {
        const waiters = lines.get(key)?.waiters ?? [];
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(cancelled());
      };
      const waiter: Waiter = {
        request,
        gates,
        startedAt: now(),
        isTold: false,
        admit: (place) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(place);
        },
        refuse: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      line.waiters.push(waiter);
      // Behind others of this process: it waits, whatever Redis says of the head.
      if (line.waiters.length > 1) tellOnce(waiter);
      if (line.waiters.length === 1 && line.timer === undefined) void ask(key, line);
    });
  }

  return {
    queue,
    wakeLinesWith,
    limitsChanged,
    dispose: () => {
      isDisposed = true;
      clearInterval(renewal);
      for (const line of lines.values()) {
        clearTimeout(line.timer);
        for (const waiter of line.waiters.splice(0))
          waiter.refuse(new NetworkError('ABORTED', 'The app is closing.', false));
      }
      lines.clear();
    },
  };
}
