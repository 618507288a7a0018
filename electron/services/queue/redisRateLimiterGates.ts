/** How the Redis rate limiter names its gates and keys and words what it asks Redis and what it refuses: pure, so each is tested without Redis. */
import { noRateLimits } from '../../../shared/domain/rateLimits';
import { NetworkError } from '../http/networkError';
import type { LimitedGate, LimitOwner, LimitsReader } from '../http/rateLimiter';
import { keyPrefix } from './queueMessages';

/** The prefix of the limiter's keys, and the channel on which places and pauses are announced. */
export const limitKeyPrefix = `${keyPrefix}:limits:`;
export const limitChannel = `${keyPrefix}:limits`;

/** One shared gate: an integration, or a configuration with limits of its own. */
export type Gate = LimitedGate;

export const pauseKeyOf = (integrationId: string) => `${limitKeyPrefix}integration:${integrationId}:pause`;

/** A gate's three sorted sets: in flight, the last second's and the last minute's places. */
export const setsOf = (gate: Gate) =>
  ['flight', 'second', 'minute'].map((set) => `${limitKeyPrefix}${gate.key}:${set}`);

const count = (limit: number | null) => limit ?? 0;

/**
 * The gates with the limits saved now (`current` reads them by owner): a gate whose owner is gone
 * keeps the limits it had, one whose limits were removed limits nothing.
 */
export function gatesWithSavedLimits(gates: readonly Gate[], current: LimitsReader): Gate[] {
  return gates.map((gate) => {
    const [kind, id = ''] = gate.key.split(/:(.*)/) as [LimitOwner['kind'], string];
    const saved = current({ kind, id });
    return saved === undefined ? gate : { key: gate.key, limits: saved.limits ?? noRateLimits };
  });
}

/** The take script's keys and its per-gate arguments (0 for a limit not set). */
export function takeArgumentsOf(integrationId: string, gates: readonly Gate[]) {
  return {
    keys: [pauseKeyOf(integrationId), ...gates.flatMap(setsOf)],
    args: gates.flatMap((gate) => [
      count(gate.limits.concurrentRequests),
      count(gate.limits.requestsPerSecond),
      count(gate.limits.requestsPerMinute),
    ]),
  };
}

/** The release script's keys and its per-gate arguments (whether the gate counts each window). */
export function releaseArgumentsOf(gates: readonly Gate[]) {
  return {
    keys: gates.flatMap(setsOf),
    args: gates.flatMap((gate) => [
      gate.key,
      gate.limits.requestsPerSecond === null ? 0 : 1,
      gate.limits.requestsPerMinute === null ? 0 : 1,
    ]),
  };
}

/** The leases held here, grouped by the flight sets they sit in: one renewal call per group. */
export function renewalBatchesOf(held: ReadonlyMap<string, readonly string[]>) {
  const byKeys = new Map<string, string[]>();
  for (const [lease, flights] of held) {
    const key = flights.join(' ');
    byKeys.set(key, [...(byKeys.get(key) ?? []), lease]);
  }
  return [...byKeys].map(([key, leases]) => ({ flights: key.split(' '), leases }));
}

/** What a message on the limit channel announces: a gate's place given back, or an integration's pause. */
export function limitMessageOf(
  message: string,
):
  | { kind: 'released'; gateKey: string }
  | { kind: 'paused'; integrationId: string; forMs: number }
  | undefined {
  const [kind, name = '', ms = '0'] = message.split(' ');
  if (kind === 'released') return { kind, gateKey: name };
  if (kind === 'paused') return { kind, integrationId: name, forMs: Number(ms) };
  return undefined;
}

/** The refusal of a request whose limit Redis did not answer: why, and how long it waited when it timed out. */
export function unansweredRefusal(error: Error, answerTimeoutMs: number): NetworkError {
  return new NetworkError(
    'ENETWORK',
    `The request was not sent: the shared rate limit could not be checked in Redis (${error.message}${error.message === 'Command timed out' ? `: no answer within ${String(Math.round(answerTimeoutMs / 1000))} s` : ''}).`,
    false,
  );
}
