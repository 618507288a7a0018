/**
 * The API call log of every integration (PRODUCT.md §1): bounded lists and counts. A call a run's
 * method step made is kept in that step's record (run_steps, migration 13), which is written
 * anyway; every other call (a Test, a token request, a Notify request) has a row in api_calls.
 * The log reads both.
 */
import type { Database } from '../database';
import { checkStillOpen } from '../slices';
import type { WriteBehind } from '../writeBehind';

export interface ApiCallRecord {
  integrationId: string;
  methodId: string | null;
  /** The run that made the call; null for a Test, a token request, or a run since deleted. */
  runId: string | null;
  /** The number of the run's step record that made it (see keepWithStep). */
  seq?: number;
  at: string;
  httpMethod: string;
  /** Already free of secrets. */
  url: string;
  status: number | null;
  durationMs: number;
  attempts: number;
  error: string | null;
  /** How long it waited for the integration's rate limit, in ms (0: not at all). */
  rateLimitWaitMs?: number;
}

export interface ApiCallCounts {
  today: number;
  lastSevenDays: number;
  total: number;
}

export interface ApiCallRepository {
  record(call: ApiCallRecord): void;
  /** "Today" starts at local midnight of `now`; the 7 days end at `now`. */
  counts(integrationId: string, now: Date): ApiCallCounts;
  recent(
    integrationId: string,
    limit: number,
  ): (ApiCallRecord & { id: number; isRunKept: boolean; rateLimitWaitMs: number })[];
  /** Deletes up to `limit` rows of the integration's call log; how many (see slices.ts). */
  deleteSomeOf(integrationId: string, limit: number): number;
  /** Unlinks up to `limit` call-log rows from the method, which is going; how many (see slices.ts). */
  unlinkSomeOf(methodId: string, limit: number): number;
}

interface Row {
  id: number;
  integration_id: string;
  method_id: string | null;
  run_id: string | null;
  at: string;
  http_method: string;
  url: string;
  status: number | null;
  duration_ms: number;
  attempts: number;
  error: string | null;
  rate_limit_wait_ms: number;
}

/**
 * The most of a call's address the log keeps and lists: a method may build an address of a
 * megabyte (a path or query from a variable), which every listing of 100 calls would carry whole.
 * The address is already masked, so a cut leaves no part of a secret in clear.
 */
export const maxLoggedUrlLength = 2_000;

/** The address as logged: cut at maxLoggedUrlLength, the cut marked with "…". */
const loggedUrl = (url: string) =>
  url.length <= maxLoggedUrlLength ? url : `${url.slice(0, maxLoggedUrlLength)}…`;

/** What Date#toISOString gives: UTC with milliseconds. */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * With `writes`, calls are recorded behind (see writeBehind.ts); counts and lists flush first.
 * `keepWithStep` keeps a run's call in the record of the step that made it, when it can (see
 * RunRepository.keepCallWithStep); the calls it does not keep get rows of their own.
 */
export function createApiCallRepository(
  db: Database,
  writes?: WriteBehind,
  keepWithStep?: (call: ApiCallRecord) => boolean,
): ApiCallRepository {
  // Positional parameters: binding by name looks each one up in an object, a fifth of the insert.
  const insert = db.prepare<
    [
      string,
      string | null,
      string | null,
      string,
      string,
      string,
      number | null,
      number,
      number,
      string | null,
      number,
    ]
  >(
    `INSERT INTO api_calls (integration_id, method_id, run_id, at, http_method, url, status, duration_ms, attempts, error, rate_limit_wait_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const countSince = db.prepare<[{ id: string; since: string }], { n: number }>(
    `SELECT (SELECT count(*) FROM api_calls WHERE integration_id = @id AND at >= @since)
       + (SELECT count(*) FROM run_steps WHERE integration_id = @id AND finished_at >= @since) AS n`,
  );
  const countAll = db.prepare<[{ id: string }], { n: number }>(
    `SELECT (SELECT count(*) FROM api_calls WHERE integration_id = @id)
       + (SELECT count(*) FROM run_steps WHERE integration_id = @id) AS n`,
  );
  // Rows written before the cut, a run's step records and the calls moved from them are cut as read.
  const urlCut = (column: string) =>
    `CASE WHEN length(${column}) > ${String(maxLoggedUrlLength)} THEN substr(${column}, 1, ${String(maxLoggedUrlLength)}) || '…' ELSE ${column} END`;
  // A deleted run's calls stay in the log (moved to api_calls as its step records go): whether the
  // run is still kept is read with them. A call kept in a step record is told apart by a negative
  // id (its record's row number), so that ids stay unique across both.
  const recent = db.prepare<[{ id: string; limit: number }], Row & { is_run_kept: 0 | 1 }>(
    `SELECT * FROM (
       SELECT * FROM (
         SELECT c.id, c.integration_id, c.method_id, c.at, c.http_method, ${urlCut('c.url')} AS url, c.status,
           c.duration_ms, c.attempts, c.error, c.run_id, c.rate_limit_wait_ms, r.id IS NOT NULL AS is_run_kept
         FROM api_calls c LEFT JOIN runs r ON r.id = c.run_id
         WHERE c.integration_id = @id ORDER BY c.at DESC, c.id DESC LIMIT @limit)
       UNION ALL
       SELECT * FROM (
         SELECT -s.rowid AS id, s.integration_id, (SELECT m.id FROM methods m WHERE m.id = s.method_id) AS method_id,
           s.finished_at AS at, coalesce(json_extract(s.request, '$.method'), '') AS http_method,
           ${urlCut("coalesce(json_extract(s.request, '$.url'), '')")} AS url, json_extract(s.response, '$.status') AS status,
           coalesce(s.call_duration_ms, 0) AS duration_ms, coalesce(s.call_attempts, 1) AS attempts,
           s.call_error AS error, s.run_id, coalesce(s.call_wait_ms, 0) AS rate_limit_wait_ms, 1 AS is_run_kept
         FROM run_steps s WHERE s.integration_id = @id ORDER BY s.finished_at DESC LIMIT @limit))
     ORDER BY at DESC, id DESC LIMIT @limit`,
  );
  const deleteSomeOf = db.prepare<[string, number]>(
    'DELETE FROM api_calls WHERE id IN (SELECT id FROM api_calls WHERE integration_id = ? LIMIT ?)',
  );
  const unlinkSomeOf = db.prepare<[string, number]>(
    'UPDATE api_calls SET method_id = NULL WHERE id IN (SELECT id FROM api_calls WHERE method_id = ? LIMIT ?)',
  );
  return {
    deleteSomeOf: (integrationId, limit) => {
      checkStillOpen(db);
      writes?.flush();
      return deleteSomeOf.run(integrationId, limit).changes;
    },
    unlinkSomeOf: (methodId, limit) => {
      checkStillOpen(db);
      writes?.flush();
      return unlinkSomeOf.run(methodId, limit).changes;
    },
    record: (call) => {
      if (call.seq !== undefined && keepWithStep?.(call) === true) return;
      // Counts compare times as text: store every time in the one ISO form (UTC, milliseconds),
      // which the HTTP core already gives (parsing and formatting it again cost as much as the rest).
      const at = isoInstant.test(call.at) ? call.at : new Date(call.at).toISOString();
      const write = () =>
        insert.run(
          call.integrationId,
          call.methodId,
          call.runId,
          at,
          call.httpMethod,
          loggedUrl(call.url),
          call.status,
          Math.round(call.durationMs),
          call.attempts,
          call.error,
          Math.round(call.rateLimitWaitMs ?? 0),
        );
      if (writes === undefined) write();
      else writes.defer(write);
    },
    counts: (integrationId, now) => {
      writes?.flush();
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
      return {
        today: countSince.get({ id: integrationId, since: midnight.toISOString() })?.n ?? 0,
        lastSevenDays: countSince.get({ id: integrationId, since: weekAgo.toISOString() })?.n ?? 0,
        total: countAll.get({ id: integrationId })?.n ?? 0,
      };
    },
    recent: (integrationId, limit) =>
      (writes?.flush(), recent.all({ id: integrationId, limit })).map((row) => ({
        id: row.id,
        integrationId: row.integration_id,
        methodId: row.method_id,
        runId: row.run_id,
        isRunKept: row.is_run_kept === 1,
        at: row.at,
        httpMethod: row.http_method,
        url: row.url,
        status: row.status,
        durationMs: row.duration_ms,
        attempts: row.attempts,
        error: row.error,
        rateLimitWaitMs: row.rate_limit_wait_ms,
      })),
  };
}
