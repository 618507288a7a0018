/**
 * One main per Redis. The record stream is read by a consumer group: two mains on one Redis
 * (same team key) would each take part of every run's records and write it into their own
 * database, so neither would hold a whole run. A main therefore holds a lease in Redis, a key
 * that lapses unless it is renewed, before it reads a record or queues a run, and gives it up
 * when it stops.
 *
 * A main that finds the lease held waits to see whether its holder is alive: a holder that renews
 * it is (refused, naming the holder's host and process); one that lets it lapse was killed, and
 * the lease is taken once it lapses. A holder on this machine whose process is gone is known dead
 * at once, so a main restarted after a crash does not wait.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { ioredisLibrary } from './redisLibraries';
import { AppError } from '../../../shared/api/appError';
import { closeConnection, settledWithin, watchConnection, type QueueConnection } from './queueAddress';
import { mainLeaseKey } from './queueMessages';

/** Who holds the lease, as its key's value says. */
export interface LeaseHolder {
  id: string;
  host: string;
  pid: number;
  since: string;
  /**
   * Its process-id namespace where the system names one (Linux): two containers may share a host
   * name, not their process ids.
   */
  pids?: string;
}

export interface MainLease {
  /** Settles once this main holds the lease; rejects (AppError 'conflict') when a live main holds it. */
  claimed: Promise<void>;
  /** Gives the lease up (when held) and closes the connection. */
  release(): Promise<void>;
}

export interface MainLeaseOptions {
  connection: QueueConnection;
  log(line: string): void;
  /** Another main took the lease while this one held it (it lapsed: Redis away or this process stalled). */
  onLost(holder: string): void;
  lapseMs?: number;
  renewMs?: number;
}

/** This process's process-id namespace (Linux), undefined where the system has none to read. */
const ownPids = (() => {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
})();

/** Leases held by this process now, by id: a holder in this process is alive only if listed. */
const heldHere = new Set<string>();

// Renews the lease if it is ours, takes it back if it lapsed meanwhile (Redis restarted without
// its data), answers 0 if another main holds it.
const renewScript = `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not held then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
// Takes the lease from a holder known dead, unless it changed hands meanwhile.
const replaceScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0`;
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function holderOf(value: string | null): LeaseHolder | undefined {
  if (value === null) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<LeaseHolder>;
    return typeof parsed.id === 'string' &&
      typeof parsed.host === 'string' &&
      typeof parsed.pid === 'number' &&
      typeof parsed.since === 'string'
      ? (parsed as LeaseHolder)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder is a process of this machine that no longer runs (or an unreadable value). */
function isKnownDead(holder: LeaseHolder | undefined): boolean {
  if (holder === undefined) return true;
  // Only a process id of this machine, seen from the same namespace, can be asked about.
  if (holder.host !== os.hostname() || holder.pids !== ownPids) return false;
  if (holder.pid === process.pid) return !heldHere.has(holder.id);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function describeHolder(holder: LeaseHolder): string {
  return `process ${String(holder.pid)} on ${holder.host}, since ${holder.since}`;
}

function refusal(holder: LeaseHolder | undefined): AppError {
  const who = holder === undefined ? 'Another server' : `Another server (${describeHolder(holder)})`;
  return new AppError(
    'conflict',
    `${who} already serves this Redis: two mains would each write part of every run, so this ` +
      'one does not start. Stop the other one first, or give this one a Redis of its own.',
  );
}

export function claimMainLease(options: MainLeaseOptions): MainLease {
  const lapseMs = options.lapseMs ?? 10_000;
  const renewMs = options.renewMs ?? 2_000;
  const redis = watchConnection(
    new (ioredisLibrary().Redis)(options.connection),
    'the main’s lease',
    options.log,
  );
  const own: LeaseHolder = {
    id: crypto.randomUUID(),
    host: os.hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
    ...(ownPids === undefined ? {} : { pids: ownPids }),
  };
  const value = JSON.stringify(own);
  let isReleased = false;
  let isHeld = false;
  let renewal: ReturnType<typeof setInterval> | undefined;

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const renew = async () => {
    const answer = (await redis.eval(renewScript, 1, mainLeaseKey, value, String(lapseMs))) as number;
    if (answer === 1 || isReleased) return;
    stopRenewing();
    options.onLost(describeHolderOf(await redis.get(mainLeaseKey)));
  };
  const describeHolderOf = (raw: string | null) => {
    const holder = holderOf(raw);
    return holder === undefined ? 'another server' : describeHolder(holder);
  };
  const stopRenewing = () => {
    clearInterval(renewal);
    renewal = undefined;
    isHeld = false;
    heldHere.delete(own.id);
  };

  const claim = async () => {
    // A live holder renews within `renewMs`; one that has not within a lapse is gone.
    const giveUpAt = Date.now() + lapseMs + renewMs;
    let lastLeft: number | undefined;
    while (!isReleased) {
      if ((await redis.set(mainLeaseKey, value, 'PX', lapseMs, 'NX')) === 'OK') return;
      const raw = await redis.get(mainLeaseKey);
      if (raw === null) continue;
      const holder = holderOf(raw);
      if (isKnownDead(holder)) {
        if ((await redis.eval(replaceScript, 1, mainLeaseKey, raw, value, String(lapseMs))) === 1) return;
        continue;
      }
      const left = await redis.pttl(mainLeaseKey);
      // Its time to lapse went up: the holder renewed it, so it is alive.
      if ((lastLeft !== undefined && left > lastLeft) || Date.now() >= giveUpAt) throw refusal(holder);
      lastLeft = left;
      await sleep(Math.min(250, Math.max(left, 10)));
    }
  };

  // Released while claiming: the connection closed under the claim, which is no refusal.
  const claimed = claim()
    .catch((error: unknown) => {
      if (!isReleased) throw error;
    })
    .then(() => {
      if (isReleased) return;
      isHeld = true;
      heldHere.add(own.id);
      // One renewal at a time: while Redis is away, commands wait for it rather than pile up.
      let isRenewing = false;
      renewal = setInterval(() => {
        if (isRenewing) return;
        isRenewing = true;
        renew()
          .catch(() => undefined) // Redis away: the connection logs it; the next renewal tries again.
          .finally(() => {
            isRenewing = false;
          });
      }, renewMs);
      renewal.unref();
    });
  // Whoever waits on `claimed` hears the refusal; nothing is left unhandled if nobody does.
  claimed.catch(() => undefined);

  return {
    claimed,
    release: async () => {
      if (isReleased) return;
      isReleased = true;
      const wasHeld = isHeld;
      stopRenewing();
      // Redis away: the lease lapses by itself.
      if (wasHeld) await settledWithin(redis.eval(releaseScript, 1, mainLeaseKey, value), 1_000);
      await closeConnection(redis);
    },
  };
}
