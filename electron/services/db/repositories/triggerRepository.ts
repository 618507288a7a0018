/**
 * What triggers keep beside a runbook: their encrypted secrets (never in the graph, so exports
 * stay secret-free), a bounded log of webhook deliveries and schedule firings, and when each
 * schedule last fired (to tell, at start-up, which runs were missed while the app was closed).
 */
import type { Database } from '../database';
import { storageFaultOf } from '../storageFault';
import type { WriteBehind } from '../writeBehind';

import type { AutomaticTriggerKind, TriggerOutcome } from '../../../../shared/domain/triggerKind';

export type TriggerEventKind = AutomaticTriggerKind;
export type TriggerEventOutcome = TriggerOutcome;

export interface TriggerEvent {
  id: number;
  runbookId: string;
  kind: TriggerEventKind;
  outcome: TriggerEventOutcome;
  at: string;
  status: number | null;
  message: string;
  runId: string | null;
}

/** A logged message is cut to this many characters (a refusal may quote what it refused). */
export const maxTriggerMessageChars = 1_000;

/** The log keeps this many events per runbook; older ones are dropped as new ones arrive. */
export const triggerEventsKept = 200;

export interface TriggerRepository {
  readSecret(runbookId: string, name: string): Buffer | undefined;
  writeSecret(runbookId: string, name: string, ciphertext: Buffer): void;
  clearSecret(runbookId: string, name: string): void;
  hasSecret(runbookId: string, name: string): boolean;
  addEvent(event: Omit<TriggerEvent, 'id'>): void;
  listEvents(runbookId: string, limit: number): TriggerEvent[];
  lastFiredAt(runbookId: string): string | null;
  recordFired(runbookId: string, at: string): void;
  /**
   * Records the schedule as fired at `at`, at once, unless it has fired then or later, or its
   * runs due then were already reported missed (`claimMissed`) or not owed (`watchedFrom`): of the
   * processes open on one data folder (the app and `serve` each run the schedules) only the one
   * that took the time starts the run, and a time is never both run and reported missed. True when
   * this call took it — also when the disk could not be written, as a run started twice beats a
   * run not started.
   */
  claimFiring(runbookId: string, at: string): boolean;
  /**
   * Records the runs due up to `latest` as reported missed, at once, unless the schedule was
   * watched or fired from then or later: of the processes starting together on one data folder,
   * each finds the same missed runs and only the one that took them says so. True when this call
   * took them — also when the disk could not be written, as a report said twice beats none.
   */
  claimMissed(runbookId: string, latest: string): boolean;
  /** Since when the schedule was watched (published, edited, resumed): nothing before was missed. */
  watchedFrom(runbookId: string): string | null;
  recordWatchedFrom(runbookId: string, at: string): void;
  /** The time of the missed-runs entry last dismissed on the Start step, or null. */
  missedNoteDismissedAt(runbookId: string): string | null;
  /** Records, at once, the missed-runs entry logged at `at` as dismissed; an earlier one never replaces a later. */
  dismissMissedNote(runbookId: string, at: string): void;
  /** Notes, at once, the process so named as watching the schedules since `since` (schedule_watchers). */
  beginWatching(process: string, since: string): void;
  endWatching(process: string): void;
  /** The processes noted as watching the schedules, living or not, and since when. */
  watchers(): { process: string; since: string }[];
}

/** A trigger log entry as stored (trigger_events). */
export interface TriggerEventRow {
  id: number;
  runbook_id: string;
  kind: TriggerEventKind;
  outcome: TriggerEventOutcome;
  at: string;
  status: number | null;
  message: string;
  run_id: string | null;
}

/**
 * With `writes`, the log and the schedule's last firing are written behind: they are written from
 * the webhook listener and timers, where a full disk or a lock must wait, not throw.
 */
export function createTriggerRepository(db: Database, writes?: WriteBehind): TriggerRepository {
  const later = (write: () => void) => (writes === undefined ? write() : writes.defer(write));
  const readSecret = db.prepare<[string, string], { ciphertext: Buffer }>(
    'SELECT ciphertext FROM trigger_secrets WHERE runbook_id = ? AND name = ?',
  );
  const writeSecret = db.prepare<[string, string, Buffer, string]>(
    `INSERT INTO trigger_secrets (runbook_id, name, ciphertext, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (runbook_id, name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  );
  const clearSecret = db.prepare<[string, string]>(
    'DELETE FROM trigger_secrets WHERE runbook_id = ? AND name = ?',
  );
  const runbookExists = db.prepare<[string], { id: string }>('SELECT id FROM runbooks WHERE id = ?');
  const addEvent = db.prepare<[string, string, string, string, number | null, string, string | null]>(
    `INSERT INTO trigger_events (runbook_id, kind, outcome, at, status, message, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const trimEvents = db.prepare<[string, string, number]>(
    `DELETE FROM trigger_events WHERE runbook_id = ? AND id <= (
       SELECT id FROM trigger_events WHERE runbook_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
  );
  const listEvents = db.prepare<[string, number], TriggerEventRow>(
    'SELECT * FROM trigger_events WHERE runbook_id = ? ORDER BY id DESC LIMIT ?',
  );
  const scheduleState = db.prepare<
    [string],
    { last_fired_at: string | null; watched_from: string | null; missed_note_dismissed_at: string | null }
  >('SELECT last_fired_at, watched_from, missed_note_dismissed_at FROM schedule_state WHERE runbook_id = ?');
  const dismissMissedNote = db.prepare<[string, string]>(
    `INSERT INTO schedule_state (runbook_id, missed_note_dismissed_at) VALUES (?, ?)
     ON CONFLICT (runbook_id) DO UPDATE SET missed_note_dismissed_at = excluded.missed_note_dismissed_at
     WHERE missed_note_dismissed_at IS NULL OR missed_note_dismissed_at < excluded.missed_note_dismissed_at`,
  );
  const recordFired = db.prepare<[string, string]>(
    `INSERT INTO schedule_state (runbook_id, last_fired_at) VALUES (?, ?)
     ON CONFLICT (runbook_id) DO UPDATE SET last_fired_at = excluded.last_fired_at`,
  );
  const claimFiring = db.prepare<[string, string, string]>(
    `INSERT INTO schedule_state (runbook_id, last_fired_at) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM runbooks WHERE id = ?)
     ON CONFLICT (runbook_id) DO UPDATE SET last_fired_at = excluded.last_fired_at
     WHERE (last_fired_at IS NULL OR last_fired_at < excluded.last_fired_at)
       AND (watched_from IS NULL OR watched_from < excluded.last_fired_at)`,
  );
  const claimMissed = db.prepare<[string, string, string]>(
    `INSERT INTO schedule_state (runbook_id, watched_from) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM runbooks WHERE id = ?)
     ON CONFLICT (runbook_id) DO UPDATE SET watched_from = excluded.watched_from
     WHERE (watched_from IS NULL OR watched_from < excluded.watched_from)
       AND (last_fired_at IS NULL OR last_fired_at < excluded.watched_from)`,
  );
  const recordWatchedFrom = db.prepare<[string, string]>(
    `INSERT INTO schedule_state (runbook_id, watched_from) VALUES (?, ?)
     ON CONFLICT (runbook_id) DO UPDATE SET watched_from = excluded.watched_from`,
  );
  const beginWatching = db.prepare<[string, string]>(
    `INSERT INTO schedule_watchers (process, since) VALUES (?, ?)
     ON CONFLICT (process) DO UPDATE SET since = excluded.since`,
  );
  const endWatching = db.prepare<[string]>('DELETE FROM schedule_watchers WHERE process = ?');
  const watchers = db.prepare<[], { process: string; since: string }>(
    'SELECT process, since FROM schedule_watchers ORDER BY since',
  );
  const stateOf = (runbookId: string) => {
    writes?.flush();
    return scheduleState.get(runbookId);
  };
  const writeState = (runbookId: string, write: () => void) =>
    later(() => {
      if (runbookExists.get(runbookId) !== undefined) write();
    });
  return {
    readSecret: (runbookId, name) => readSecret.get(runbookId, name)?.ciphertext,
    writeSecret: (runbookId, name, ciphertext) =>
      void writeSecret.run(runbookId, name, ciphertext, new Date().toISOString()),
    clearSecret: (runbookId, name) => void clearSecret.run(runbookId, name),
    hasSecret: (runbookId, name) => readSecret.get(runbookId, name) !== undefined,
    addEvent: (event) =>
      later(() => {
        // A delivery for a runbook deleted a moment ago has nowhere to be logged.
        if (runbookExists.get(event.runbookId) === undefined) return;
        addEvent.run(
          event.runbookId,
          event.kind,
          event.outcome,
          event.at,
          event.status,
          event.message.slice(0, maxTriggerMessageChars),
          event.runId,
        );
        trimEvents.run(event.runbookId, event.runbookId, triggerEventsKept);
      }),
    listEvents: (runbookId, limit) => {
      writes?.flush();
      return listEvents.all(runbookId, Math.min(limit, triggerEventsKept)).map((row) => ({
        id: row.id,
        runbookId: row.runbook_id,
        kind: row.kind,
        outcome: row.outcome,
        at: row.at,
        status: row.status,
        message: row.message,
        runId: row.run_id,
      }));
    },
    lastFiredAt: (runbookId) => stateOf(runbookId)?.last_fired_at ?? null,
    recordFired: (runbookId, at) => writeState(runbookId, () => recordFired.run(runbookId, at)),
    claimFiring: (runbookId, at) => {
      writes?.flush();
      try {
        return claimFiring.run(runbookId, at, runbookId).changes === 1;
      } catch (error) {
        if (storageFaultOf(error) === undefined) throw error;
        // A full disk or a lock held too long: fired here, as before processes shared schedules.
        writeState(runbookId, () => recordFired.run(runbookId, at));
        return true;
      }
    },
    claimMissed: (runbookId, latest) => {
      writes?.flush();
      try {
        return claimMissed.run(runbookId, latest, runbookId).changes === 1;
      } catch (error) {
        if (storageFaultOf(error) === undefined) throw error;
        writeState(runbookId, () => recordWatchedFrom.run(runbookId, latest));
        return true;
      }
    },
    watchedFrom: (runbookId) => stateOf(runbookId)?.watched_from ?? null,
    recordWatchedFrom: (runbookId, at) => writeState(runbookId, () => recordWatchedFrom.run(runbookId, at)),
    missedNoteDismissedAt: (runbookId) => stateOf(runbookId)?.missed_note_dismissed_at ?? null,
    dismissMissedNote: (runbookId, at) => {
      writes?.flush();
      dismissMissedNote.run(runbookId, at);
    },
    beginWatching: (process, since) => void beginWatching.run(process, since),
    endWatching: (process) => void endWatching.run(process),
    watchers: () => watchers.all(),
  };
}
