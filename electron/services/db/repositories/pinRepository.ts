/** Pinned step results of runbook drafts: one per runbook and step, read through their schema. */
import { pinSchema, type Pin, type PinValue } from '../../../../shared/rehearsal/rehearsal';
import type { Database } from '../database';

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
  const pinsOf = (runbookId: string) =>
    list.all(runbookId).flatMap((row) => {
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
