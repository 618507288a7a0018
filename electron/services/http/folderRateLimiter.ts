/**
 * The rate limiter without `--queue`: the limits held across every process with the data folder
 * open (the app, `serve`, `run`), each of which used to let the full limit through on its own.
 *
 * - Inside the process, the in-memory limiter (rateLimiter.ts) stays the gate: a request first
 *   takes its place there, in order, with its cancel, its Retry-After pause and its limits
 *   changed while it waits, all as before.
 * - Then it takes the same place in the data folder's database (rate_limit_places,
 *   rateLimitPlaceRepository.ts): one IMMEDIATE transaction counts every process's places in
 *   flight and in the second's and minute's windows, and the integration's pause, and takes one
 *   row per gate — or says how long to wait. Requests of this process for the same gates wait in
 *   one FIFO whose head asks again: when a place of its gates is given back here, when a window
 *   frees up (at most 1 s later), and every 50 ms while only another process can give a place
 *   back (a poll: processes share no channel but the database).
 * - A place in flight is leased to its process (its data folder process file's name) for 30 s,
 *   renewed every 10 s while held. A place whose process has closed the folder (killed: its file
 *   names a process gone, dataFolderProcesses.ts) or whose lease lapsed counts as answered then:
 *   it frees the concurrency at once and the windows a second (minute) later.
 * - A Retry-After pause is written for every process: their requests to the integration's limited
 *   gates read it as they take their place. A request with no limit touches no database row: each
 *   process reads the pauses once a second instead (one small SELECT) and holds its requests to a
 *   paused integration in memory, so a 429 met by one process holds back the others within a second.
 * - A request that waits here (another process holds the places) tells its `onWait` why, as in
 *   the process: the integration's pause, or the limits of its first limited gate.
 * - A lock held by another program makes a take wait a poll; a place not given back for it is
 *   given back at the next poll.
 * - A limited request writes its row also while this process is alone on the folder: another may
 *   open it before the answer comes, and could not count a place kept only here. That costs two
 *   small write transactions (about 0.25 ms a request, against 8 µs in memory).
 */
import { longestRateLimitPauseMs } from '../../../shared/domain/rateLimits';
import { storageFaultOf } from '../db/storageFault';
import type {
  FolderGate,
  FolderTake,
  HeldPlace,
  RateLimitPlaceRepository,
} from '../db/repositories/rateLimitPlaceRepository';
import { withLimitsNow } from './folderRateLimitGates';
import { NetworkError } from './networkError';
import {
  cancelled,
  limitedGatesOf,
  type LimitsReader,
  type RateLimitedRequest,
  type RateLimiter,
  type RateLimitPlace,
} from './rateLimiter';

export interface FolderRateLimiterOptions {
  /** The in-process gate, which every request passes first. */
  inner: RateLimiter;
  places: RateLimitPlaceRepository;
  /** This process's name on the data folder, and whether the one so named has it open now. */
  holder: string;
  isOpenBy(name: string): boolean;
  log(line: string): void;
  /** How long a place in flight is held without being renewed (default 30 s); tests shorten it. */
  leaseMs?: number;
  /** How often the head of a line asks again while only another process can free its place (default 50 ms). */
  pollMs?: number;
  /** How often the pauses written by every process are read (default 1 s). */
  pausePollMs?: number;
}

export interface FolderRateLimiter extends RateLimiter {
  /** Refuses the requests waiting and gives back the places held. */
  dispose(): void;
}

interface Waiter {
  request: RateLimitedRequest;
  gates: FolderGate[];
  startedAt: number;
  inner: RateLimitPlace;
  admit(place: RateLimitPlace): void;
  refuse(error: Error): void;
}

/** A take under way: its gates as the request found them, since when, after how many saves of limits. */
interface Taken {
  gates: FolderGate[];
  startedAt: number;
  savesSeen: number;
}

/** One FIFO per set of gates; its head asks the database. */
interface Line {
  waiters: Waiter[];
  timer: NodeJS.Timeout | undefined;
}

/** The in-process place of a request that never left (cancelled or refused in the folder's line): no window counts it. */
const giveBackUnsent = (place: RateLimitPlace) =>
  place.giveBackUnsent === undefined ? place.release() : place.giveBackUnsent();

export function createFolderRateLimiter(options: FolderRateLimiterOptions): FolderRateLimiter {
  const { inner, places } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 50;
  const clock = () => performance.now();
  const lines = new Map<string, Line>();
  /** Places held here, by row id: renewed while held, given back at dispose. */
  const held = new Map<number, HeldPlace>();
  /** Places whose giving back met a lock: given back at the next poll. */
  const unreturned: HeldPlace[] = [];
  let renewal: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  /** The limits as last saved, and how many saves there were: a request that waited here meanwhile reads them. */
  let limitsSaved: { count: number; current?: LimitsReader } = { count: 0 };
  /** Each integration's pause as this process holds it, by when it ends (epoch ms). */
  const pausesHeld = new Map<string, number>();

  /** Holds here the pauses another process wrote (a 429 it met), whatever limits the integration has. */
  function holdPausesWritten() {
    const now = Date.now();
    let written: { integrationId: string; until: number }[];
    try {
      written = places.pausesAt(now);
    } catch {
      return; // Locked or failing now: read at the next tick.
    }
    for (const [integrationId, until] of pausesHeld) if (until <= now) pausesHeld.delete(integrationId);
    for (const { integrationId, until } of written) {
      if ((pausesHeld.get(integrationId) ?? 0) >= until) continue;
      pausesHeld.set(integrationId, until);
      inner.pause(integrationId, until - now);
    }
  }
  const pausePoll = setInterval(holdPausesWritten, options.pausePollMs ?? 1_000);
  pausePoll.unref();

  function tryTake(request: RateLimitedRequest, gates: FolderGate[]): FolderTake {
    try {
      return places.tryTake(
        {
          holder: options.holder,
          integrationId: request.integrationId,
          gates,
          leaseMs,
          isGone: (name) => !options.isOpenBy(name),
        },
        Date.now(),
      );
    } catch (error) {
      if (storageFaultOf(error) === 'busy') return { waitMs: pollMs };
      throw new NetworkError(
        'ENETWORK',
        `The request was not sent: the rate limit shared by the processes on this data folder could not be checked in its database (${(error as Error).message}).`,
        false,
      );
    }
  }

  function renewWhileHeld() {
    if (renewal !== undefined || held.size === 0) return;
    renewal = setInterval(
      () => {
        if (held.size === 0) {
          clearInterval(renewal);
          renewal = undefined;
          return;
        }
        try {
          places.renew(options.holder, Date.now() + leaseMs);
        } catch (error) {
          options.log(`rate limit: the places held were not renewed: ${(error as Error).message}`);
        }
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
  }

  function giveBack(returned: HeldPlace[]) {
    try {
      places.release([...unreturned.splice(0), ...returned], Date.now());
    } catch (error) {
      unreturned.push(...returned);
      if (storageFaultOf(error) !== 'busy')
        options.log(`rate limit: a place was not given back: ${(error as Error).message}`);
      retry ??= setTimeout(() => {
        retry = undefined;
        giveBack([]);
      }, pollMs);
      retry.unref();
    }
  }

  function placeOf(ids: number[], waiter: Pick<Waiter, 'gates' | 'inner' | 'startedAt'>, waited: boolean) {
    const own = ids.map((id, index) => {
      const limits = waiter.gates[index]?.limits;
      const place: HeldPlace = {
        id,
        countsSecond: (limits?.requestsPerSecond ?? null) !== null,
        countsMinute: (limits?.requestsPerMinute ?? null) !== null,
      };
      held.set(id, place);
      return place;
    });
    renewWhileHeld();
    let isReleased = false;
    return {
      waitedMs: waited ? Math.max(0, clock() - waiter.startedAt) : 0,
      release: () => {
        if (isReleased) return;
        isReleased = true;
        for (const place of own) held.delete(place.id);
        if (own.length > 0) giveBack(own);
        waiter.inner.release();
        wakeLinesWith(waiter.gates.map((gate) => gate.key));
      },
    } satisfies RateLimitPlace;
  }

  /** The head of the line asks; admitted, the next asks at once; else the line sleeps until it may help. */
  function ask(key: string, line: Line): void {
    line.timer = undefined;
    for (let head = line.waiters[0]; head !== undefined; head = line.waiters[0]) {
      let taken: FolderTake;
      try {
        taken = tryTake(head.request, head.gates);
      } catch (error) {
        line.waiters.shift();
        head.refuse(error as Error);
        continue;
      }
      if ('waitMs' in taken) {
        const sleepMs = Number.isFinite(taken.waitMs) ? Math.min(taken.waitMs, 1_000) : pollMs;
        line.timer = setTimeout(() => ask(key, line), Math.max(1, Math.ceil(sleepMs)));
        return;
      }
      line.waiters.shift();
      head.admit(placeOf(taken.ids, head, true));
    }
    lines.delete(key);
  }

  function wakeLinesWith(gateKeys: string[]) {
    for (const [key, line] of lines) {
      if (line.timer === undefined || !key.split('|').some((gate) => gateKeys.includes(gate))) continue;
      clearTimeout(line.timer);
      ask(key, line);
    }
  }

  /** Tells a request that waits here why: the integration's pause, else its first gate's limits. */
  function tellWhy(request: RateLimitedRequest, gates: FolderGate[]) {
    const { onWait, integrationId } = request;
    if (onWait === undefined) return;
    const pausedUntil = pausesHeld.get(integrationId) ?? 0;
    if (pausedUntil > Date.now()) return onWait({ kind: 'pause', integrationId, until: pausedUntil });
    const gate = gates[0];
    if (gate === undefined) return;
    const configurationId = gate.key.startsWith('configuration:')
      ? gate.key.slice('configuration:'.length)
      : null;
    onWait({ kind: 'limit', integrationId, configurationId, limits: gate.limits });
  }

  function queue(waiter: Omit<Waiter, 'admit' | 'refuse'>, firstWaitMs: number | undefined) {
    return new Promise<RateLimitPlace>((resolve, reject) => {
      const key = waiter.gates.map((gate) => gate.key).join('|');
      const signal = waiter.request.signal;
      if (signal?.aborted === true) {
        giveBackUnsent(waiter.inner);
        return reject(cancelled());
      }
      let line = lines.get(key);
      const isNew = line === undefined;
      line ??= { waiters: [], timer: undefined };
      lines.set(key, line);
      const onAbort = () => {
        const waiting = lines.get(key);
        const index = waiting?.waiters.indexOf(queued) ?? -1;
        if (index >= 0) waiting?.waiters.splice(index, 1);
        if (waiting?.waiters.length === 0) {
          // Nobody left to ask for: the next request here tries at once.
          clearTimeout(waiting.timer);
          lines.delete(key);
        }
        giveBackUnsent(waiter.inner);
        reject(cancelled());
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const queued: Waiter = {
        ...waiter,
        admit: (place) => (settle(), resolve(place)),
        refuse: (error) => (settle(), giveBackUnsent(waiter.inner), reject(error)),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      tellWhy(waiter.request, waiter.gates);
      line.waiters.push(queued);
      if (!isNew) return;
      if (firstWaitMs === undefined) return ask(key, line);
      const sleepMs = Number.isFinite(firstWaitMs) ? Math.min(firstWaitMs, 1_000) : pollMs;
      const created = line;
      line.timer = setTimeout(() => ask(key, created), Math.max(1, Math.ceil(sleepMs)));
    });
  }

  /**
   * After the in-process place: the folder's, at once when nobody here waits before it. Limits
   * saved while it waited in the process (which let it in) are the ones the folder holds it to.
   */
  function enter(request: RateLimitedRequest, taken: Taken, place: RateLimitPlace) {
    const { current } = limitsSaved;
    const gates =
      current === undefined || limitsSaved.count === taken.savesSeen
        ? taken.gates
        : limitedGatesOf(withLimitsNow(request, current));
    const waiter = { request, gates, inner: place, startedAt: taken.startedAt };
    if (lines.has(gates.map((gate) => gate.key).join('|'))) return queue(waiter, undefined);
    let folder: FolderTake;
    try {
      folder = tryTake(request, gates);
    } catch (error) {
      giveBackUnsent(place);
      throw error;
    }
    if ('ids' in folder) return placeOf(folder.ids, waiter, place.waitedMs > 0);
    return queue(waiter, folder.waitMs);
  }

  return {
    take: (request) => {
      const gates = limitedGatesOf(request);
      if (gates.length === 0) return inner.take(request);
      const taken: Taken = { gates, startedAt: clock(), savesSeen: limitsSaved.count };
      const place = inner.take(request);
      return place instanceof Promise
        ? place.then((admitted) => enter(request, taken, admitted))
        : enter(request, taken, place);
    },
    pause: (integrationId, forMs) => {
      inner.pause(integrationId, forMs);
      if (!(forMs > 0)) return;
      const until = Date.now() + Math.ceil(Math.min(forMs, longestRateLimitPauseMs));
      pausesHeld.set(integrationId, Math.max(pausesHeld.get(integrationId) ?? 0, until));
      try {
        places.pause(integrationId, until);
      } catch (error) {
        options.log(
          `rate limit: a pause was not shared with the other processes: ${(error as Error).message}`,
        );
      }
    },
    limitsChanged: (current) => {
      limitsSaved = { count: limitsSaved.count + 1, current };
      inner.limitsChanged?.(current);
      for (const [key, line] of [...lines]) {
        for (const waiter of line.waiters)
          waiter.gates = limitedGatesOf(withLimitsNow(waiter.request, current));
        if (line.timer === undefined) continue;
        clearTimeout(line.timer);
        ask(key, line);
      }
    },
    dispose: () => {
      clearInterval(pausePoll);
      clearInterval(renewal);
      clearTimeout(retry);
      for (const line of lines.values()) {
        clearTimeout(line.timer);
        for (const waiter of line.waiters.splice(0))
          waiter.refuse(new NetworkError('ABORTED', 'The app is closing.', false));
      }
      lines.clear();
      try {
        places.release([...unreturned.splice(0), ...held.values()], Date.now());
      } catch (error) {
        options.log(`rate limit: the places held were left to lapse: ${(error as Error).message}`);
      }
      held.clear();
    },
  };
}
