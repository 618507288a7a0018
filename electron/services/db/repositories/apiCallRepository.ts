/** The API call log of every integration (PRODUCT.md §1): bounded lists and counts. */
import type { Database } from '../database';
import type { WriteBehind } from '../writeBehind';

export interface ApiCallRecord {
  integrationId: string;
  methodId: string | null;
  /** The run that made the call; null for a Test, a token request, or a run since deleted. */
  runId: string | null;
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

/** What Date#toISOString gives: UTC with milliseconds. */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** With `writes`, calls are recorded behind (see writeBehind.ts); counts and lists flush first. */
export function createApiCallRepository(db: Database, writes?: WriteBehind): ApiCallRepository {
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
  const countSince = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM api_calls WHERE integration_id = ? AND at >= ?',
  );
  const countAll = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM api_calls WHERE integration_id = ?',
  );
  // A deleted run's calls stay in the log: whether the run is still kept is read with them.
  const recent = db.prepare<[string, number], Row & { is_run_kept: 0 | 1 }>(
    `SELECT c.*, r.id IS NOT NULL AS is_run_kept
     FROM api_calls c LEFT JOIN runs r ON r.id = c.run_id
     WHERE c.integration_id = ? ORDER BY c.at DESC, c.id DESC LIMIT ?`,
  );
  return {
    record: (call) => {
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
          call.url,
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
        today: countSince.get(integrationId, midnight.toISOString())?.n ?? 0,
        lastSevenDays: countSince.get(integrationId, weekAgo.toISOString())?.n ?? 0,
        total: countAll.get(integrationId)?.n ?? 0,
      };
    },
    recent: (integrationId, limit) =>
      (writes?.flush(), recent.all(integrationId, limit)).map((row) => ({
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
