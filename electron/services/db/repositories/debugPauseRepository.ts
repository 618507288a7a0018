/**
 * Where the debug runs of every process on the data folder are paused: a run pauses in the
 * memory of the process that runs it (rehearsal/debugRuns.ts), which writes its pause here while
 * it lasts, so the other processes can show it (migration 23).
 */
import { debugPauseSchema, type DebugPause } from '../../../../shared/rehearsal/debugging';
import type { Database } from '../database';

export interface DebugPauseRepository {
  /** Records the run's pause, or (null) that it went on. */
  write(runId: string, pause: DebugPause | null): void;
  /** The run's pause as recorded, or null. */
  of(runId: string): DebugPause | null;
  /** The recorded pauses of these runs, by run id. */
  ofRuns(runIds: readonly string[]): Map<string, DebugPause>;
}

/** A pause as written; a row that does not read (written by a later version) counts as none. */
function parsePause(text: string): DebugPause | null {
  try {
    const parsed = debugPauseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function createDebugPauseRepository(db: Database): DebugPauseRepository {
  const upsert = db.prepare<[string, string]>(
    `INSERT INTO debug_pauses (run_id, pause) VALUES (?, ?)
     ON CONFLICT (run_id) DO UPDATE SET pause = excluded.pause`,
  );
  const remove = db.prepare<[string]>('DELETE FROM debug_pauses WHERE run_id = ?');
  const one = db.prepare<[string], string>('SELECT pause FROM debug_pauses WHERE run_id = ?').pluck();
  const many = db.prepare<[string], { run_id: string; pause: string }>(
    'SELECT run_id, pause FROM debug_pauses WHERE run_id IN (SELECT value FROM json_each(?))',
  );
  return {
    write: (runId, pause) => {
      if (pause === null) remove.run(runId);
      else upsert.run(runId, JSON.stringify(pause));
    },
    of: (runId) => {
      const text = one.get(runId) as string | undefined;
      return text === undefined ? null : parsePause(text);
    },
    ofRuns: (runIds) => {
      const pauses = new Map<string, DebugPause>();
      if (runIds.length === 0) return pauses;
      for (const row of many.all(JSON.stringify(runIds))) {
        const pause = parsePause(row.pause);
        if (pause !== null) pauses.set(row.run_id, pause);
      }
      return pauses;
    },
  };
}
