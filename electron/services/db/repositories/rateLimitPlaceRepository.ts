/**
 * The rate limit places every process on the data folder holds (migration 18): a row per place
 * in flight, with its holder (the data folder process file's name) and a lease renewed while it
 * is held; once its answer came, the row counts in its gate's second and minute windows until
 * they free it. A take is one IMMEDIATE transaction, so two processes never both take the last
 * place. Times are epoch ms (Date.now()): every process of the folder reads one machine's clock.
 */
import type { RateLimits } from '../../../../shared/domain/rateLimits';
import type { Database } from '../database';

/** A gate with limits: `integration:<id>` or `configuration:<id>`, and its limits now. */
export interface FolderGate {
  key: string;
  limits: RateLimits;
}

export interface FolderTakeInput {
  holder: string;
  integrationId: string;
  gates: readonly FolderGate[];
  leaseMs: number;
  /** Whether the holder of places in flight has closed the folder (killed, or of a process gone). */
  isGone(holder: string): boolean;
}

/** Rows taken (one per gate), or how long before asking again can help (Infinity: when a place is given back). */
export type FolderTake = { ids: number[] } | { waitMs: number };

/** A place taken, to give back: whether its gate counts it in each window now. */
export interface HeldPlace {
  id: number;
  countsSecond: boolean;
  countsMinute: boolean;
}

export interface RateLimitPlaceRepository {
  tryTake(input: FolderTakeInput, now: number): FolderTake;
  /** The answers came at `now`: the places count in their windows from then, or go. */
  release(places: readonly HeldPlace[], now: number): void;
  /** The holder's places in flight stay held until `until`. */
  renew(holder: string, until: number): void;
  /** Every process holds the integration's requests until `until` (a longer pause stays). */
  pause(integrationId: string, until: number): void;
  /** The pauses not over at `now`, every process's: when each integration's ends. */
  pausesAt(now: number): { integrationId: string; until: number }[];
}

const secondMs = 1_000;
const minuteMs = 60_000;

export function createRateLimitPlaceRepository(db: Database): RateLimitPlaceRepository {
  const statements = {
    heldElsewhere: db.prepare<[string, string], { holder: string }>(
      'SELECT DISTINCT holder FROM rate_limit_places WHERE gate = ? AND lease_until IS NOT NULL AND holder <> ?',
    ),
    // A place whose holder went (or whose lease lapsed) counts as answered now: its request left.
    endHolder: db.prepare<[number, number, string]>(
      `UPDATE rate_limit_places SET lease_until = NULL, second_until = ?, minute_until = ?
       WHERE holder = ? AND lease_until IS NOT NULL`,
    ),
    endLapsed: db.prepare<[number, number, string, number]>(
      `UPDATE rate_limit_places SET lease_until = NULL, second_until = ?, minute_until = ?
       WHERE gate = ? AND lease_until IS NOT NULL AND lease_until <= ?`,
    ),
    forgetCooled: db.prepare<[string, number, number]>(
      `DELETE FROM rate_limit_places WHERE gate = ? AND lease_until IS NULL
       AND coalesce(second_until, 0) <= ? AND coalesce(minute_until, 0) <= ?`,
    ),
    inFlight: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM rate_limit_places WHERE gate = ? AND lease_until IS NOT NULL',
    ),
    coolingSecond: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM rate_limit_places WHERE gate = ? AND lease_until IS NULL AND second_until > ?',
    ),
    coolingMinute: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM rate_limit_places WHERE gate = ? AND lease_until IS NULL AND minute_until > ?',
    ),
    nthSecondFree: db.prepare<[string, number, number], { at: number }>(
      `SELECT second_until AS at FROM rate_limit_places WHERE gate = ? AND lease_until IS NULL
       AND second_until > ? ORDER BY second_until LIMIT 1 OFFSET ?`,
    ),
    nthMinuteFree: db.prepare<[string, number, number], { at: number }>(
      `SELECT minute_until AS at FROM rate_limit_places WHERE gate = ? AND lease_until IS NULL
       AND minute_until > ? ORDER BY minute_until LIMIT 1 OFFSET ?`,
    ),
    pausesAt: db.prepare<[number], { integrationId: string; until: number }>(
      'SELECT integration_id AS integrationId, until FROM rate_limit_pauses WHERE until > ?',
    ),
    pausedUntil: db.prepare<[string, number], { until: number }>(
      'SELECT until FROM rate_limit_pauses WHERE integration_id = ? AND until > ?',
    ),
    insert: db.prepare<[string, string, number]>(
      'INSERT INTO rate_limit_places (gate, holder, lease_until) VALUES (?, ?, ?)',
    ),
    end: db.prepare<[number | null, number | null, number]>(
      'UPDATE rate_limit_places SET lease_until = NULL, second_until = ?, minute_until = ? WHERE id = ?',
    ),
    remove: db.prepare<[number]>('DELETE FROM rate_limit_places WHERE id = ?'),
    renew: db.prepare<[number, string]>(
      'UPDATE rate_limit_places SET lease_until = ? WHERE holder = ? AND lease_until IS NOT NULL',
    ),
    pause: db.prepare<[string, number]>(
      `INSERT INTO rate_limit_pauses (integration_id, until) VALUES (?, ?)
       ON CONFLICT (integration_id) DO UPDATE SET until = max(until, excluded.until)`,
    ),
  };

  /** Ends the places of holders gone and of lapsed leases, and forgets those no window counts. */
  function tidy(gate: string, input: FolderTakeInput, now: number): void {
    for (const { holder } of statements.heldElsewhere.all(gate, input.holder))
      if (input.isGone(holder)) statements.endHolder.run(now + secondMs, now + minuteMs, holder);
    statements.endLapsed.run(now + secondMs, now + minuteMs, gate, now);
    statements.forgetCooled.run(gate, now, now);
  }

  /** 0 when the gate lets a request start at `now`, as the in-process gate reckons it (rateLimiter.ts). */
  function waitOf(gate: FolderGate, now: number): number {
    const inFlight = statements.inFlight.get(gate.key)?.n ?? 0;
    const { concurrentRequests, requestsPerSecond, requestsPerMinute } = gate.limits;
    if (concurrentRequests !== null && inFlight >= concurrentRequests) return Number.POSITIVE_INFINITY;
    let wait = 0;
    const windows = [
      [requestsPerSecond, statements.coolingSecond, statements.nthSecondFree],
      [requestsPerMinute, statements.coolingMinute, statements.nthMinuteFree],
    ] as const;
    for (const [limit, cooling, nthFree] of windows) {
      if (limit === null) continue;
      const count = cooling.get(gate.key, now)?.n ?? 0;
      if (inFlight + count < limit) continue;
      // Enough cooling places must free up to leave one: those in flight free none before they end.
      const at = nthFree.get(gate.key, now, inFlight + count - limit)?.at;
      wait = Math.max(wait, at === undefined ? Number.POSITIVE_INFINITY : at - now);
    }
    return wait;
  }

  const take = db.transaction((input: FolderTakeInput, now: number): FolderTake => {
    let wait = Math.max(0, (statements.pausedUntil.get(input.integrationId, now)?.until ?? now) - now);
    for (const gate of input.gates) {
      tidy(gate.key, input, now);
      wait = Math.max(wait, waitOf(gate, now));
    }
    if (wait > 0) return { waitMs: wait };
    const ids = input.gates.map((gate) =>
      Number(statements.insert.run(gate.key, input.holder, now + input.leaseMs).lastInsertRowid),
    );
    return { ids };
  });

  const release = db.transaction((places: readonly HeldPlace[], now: number) => {
    for (const place of places) {
      if (!place.countsSecond && !place.countsMinute) statements.remove.run(place.id);
      else
        statements.end.run(
          place.countsSecond ? now + secondMs : null,
          place.countsMinute ? now + minuteMs : null,
          place.id,
        );
    }
  });

  return {
    // IMMEDIATE: the write lock first, so no other process counts the same free place meanwhile.
    tryTake: (input, now) => take.immediate(input, now),
    release: (places, now) => release.immediate(places, now),
    renew: (holder, until) => void statements.renew.run(until, holder),
    pause: (integrationId, until) => void statements.pause.run(integrationId, until),
    pausesAt: (now) => statements.pausesAt.all(now),
  };
}
