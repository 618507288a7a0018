/**
 * Trigger log entries another process on the data folder writes (a webhook delivered to `serve`,
 * a schedule it fired), told to this process's windows: that process pushes them to its own
 * windows only. Each process looks once a second, when SQLite's data_version says another
 * connection has committed, for the entries added since its last look, and pushes them as its own
 * (`triggers.logged`). Its own entries come again among them; a window lists an entry once
 * (applyLoggedTrigger.ts), so they change nothing.
 */
import type { TriggerEventRow } from '../db/repositories/triggerRepository';
import type { Database } from '../db/database';
import type { EventBus } from '../events/eventBus';

/** How often each process looks for entries written by another. */
const checkEveryMs = 1_000;
/** At most this many entries are read per look; the rest at the next. */
const maxEntriesPerLook = 500;

export interface TriggerLogElsewhereDependencies {
  db: Database;
  events: Pick<EventBus, 'emit'>;
  log(line: string): void;
}

/** A stored entry, with the schedule's last firing when the entry moved it. */
type EntryRow = TriggerEventRow & { last_fired_at: string | null };

export function watchTriggerLogElsewhere(deps: TriggerLogElsewhereDependencies): { dispose(): void } {
  const { db } = deps;
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const lastId = db.prepare<[], number | null>('SELECT MAX(id) FROM trigger_events').pluck();
  // A schedule's firing (started or refused) moved its "Last run": the panel shows the time stored.
  const added = db.prepare<[number, number], EntryRow>(
    `SELECT trigger_events.*, CASE WHEN kind = 'schedule' AND outcome <> 'missed'
       THEN (SELECT last_fired_at FROM schedule_state WHERE schedule_state.runbook_id = trigger_events.runbook_id)
       END AS last_fired_at
     FROM trigger_events WHERE id > ? ORDER BY id LIMIT ?`,
  );
  let seenVersion = dataVersion.get() as number;
  let seenId = (lastId.get() as number | null) ?? 0;

  const look = () => {
    const version = dataVersion.get() as number;
    if (version === seenVersion) return;
    const rows = added.all(seenId, maxEntriesPerLook);
    // With more left to read, the next look reads on though nothing else was committed.
    if (rows.length < maxEntriesPerLook) seenVersion = version;
    for (const row of rows) {
      seenId = row.id;
      const { kind, outcome, at, status, message } = row;
      deps.events.emit({
        name: 'triggers.logged',
        payload: {
          runbookId: row.runbook_id,
          entry: { kind, outcome, at, status, message, runId: row.run_id },
          lastFiredAt: row.last_fired_at,
        },
      });
    }
  };

  const timer = setInterval(() => {
    try {
      look();
    } catch (error) {
      // A lock held by another program, or the disk: looked at again at the next check.
      deps.log(`trigger log entries of other processes could not be read: ${(error as Error).message}`);
    }
  }, checkEveryMs);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
