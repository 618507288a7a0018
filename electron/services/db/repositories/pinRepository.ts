/** Pinned step results of runbook drafts: one per runbook and step, read through their schema. */
import { pinSchema, type Pin, type PinValue } from '../../../../shared/rehearsal/rehearsal';
import type { Database } from '../database';
import { dataVersionOf } from '../dataVersion';

export interface PinRepository {
  /** The runbook's pins, by step id order. */
  list(runbookId: string): Pin[];
  get(runbookId: string, stepId: string): Pin | undefined;
  /** Adds or replaces the step's pin. */
  set(runbookId: string, pin: Pin): void;
  /** Whether there was a pin to remove. */
  delete(runbookId: string, stepId: string): boolean;
  /** The values the runbook's designer runs answer with, by step id. */
  valuesOf(runbookId: string): Map<string, PinValue>;
}

interface Row {
  step_id: string;
  pin: string;
}

/** A stored pin; one that no longer reads (a hand-edited database) is left out, not guessed at. */
const toPin = (row: Row): Pin | undefined => {
  const parsed = pinSchema.safeParse({ ...(JSON.parse(row.pin) as object), stepId: row.step_id });
  return parsed.success ? parsed.data : undefined;
};

export function createPinRepository(db: Database): PinRepository {
  const list = db.prepare<[string], Row>(
    'SELECT step_id, pin FROM step_pins WHERE runbook_id = ? ORDER BY step_id',
  );
  const get = db.prepare<[string, string], Row>(
    'SELECT step_id, pin FROM step_pins WHERE runbook_id = ? AND step_id = ?',
  );
  const upsert = db.prepare<[string, string, string, string]>(
    `INSERT INTO step_pins (runbook_id, step_id, pin, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (runbook_id, step_id) DO UPDATE SET pin = excluded.pin, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM step_pins WHERE runbook_id = ? AND step_id = ?');
  /**
   * The runbooks that may have pins: most have none, and every run started by hand asks. Read
   * once, and again when another connection has committed; a runbook pinned here is added. It
   * may name runbooks without pins (a pin removed, a runbook deleted): those are asked, never
   * the other way round.
   */
  const pinnedIds = db.prepare<[], string>('SELECT DISTINCT runbook_id FROM step_pins').pluck();
  let mayHavePins: Set<string> | undefined;
  let seenVersion: number | undefined;
  const mayHave = (runbookId: string) => {
    const version = dataVersionOf(db);
    if (mayHavePins === undefined || version !== seenVersion) {
      mayHavePins = new Set(pinnedIds.all());
      seenVersion = version;
    }
    return mayHavePins.has(runbookId);
  };
  const pinsOf = (runbookId: string): Pin[] =>
    !mayHave(runbookId)
      ? []
      : list.all(runbookId).flatMap((row) => {
          const pin = toPin(row);
          return pin === undefined ? [] : [pin];
        });
  return {
    list: pinsOf,
    get: (runbookId, stepId) => {
      const row = get.get(runbookId, stepId);
      return row === undefined ? undefined : toPin(row);
    },
    set: (runbookId, pin) => {
      mayHavePins?.add(runbookId);
      const { stepId, ...kept } = pin;
      upsert.run(runbookId, stepId, JSON.stringify(kept), pin.pinnedAt);
    },
    delete: (runbookId, stepId) => remove.run(runbookId, stepId).changes > 0,
    valuesOf: (runbookId) =>
      new Map(
        pinsOf(runbookId).map(({ stepId, from: _from, pinnedAt: _pinnedAt, ...value }) => [stepId, value]),
      ),
  };
}
