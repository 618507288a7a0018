import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runbookRow, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import type { Pin } from '../../../../shared/rehearsal/rehearsal';
import { dataVersionOf } from '../dataVersion';
import { createPinRepository } from './pinRepository';
import { createRunbookRepository } from './runbookRepository';

const pin = (stepId: string): Pin => ({
  stepId,
  from: 'edited',
  pinnedAt: timestamp,
  status: 200,
  outputs: { id: 7 },
  response: null,
});

function setUp() {
  const db = temporaryDatabase();
  const runbooks = createRunbookRepository(db);
  for (const id of ['r1', 'r2']) runbooks.insert(runbookRow({ id, name: id }));
  return { db, pins: createPinRepository(db) };
}

describe('pins of runbooks that have none', () => {
  it('are none, and a pin set afterwards is listed at once', () => {
    const { pins } = setUp();
    expect(pins.list('r1')).toEqual([]);
    pins.set('r1', pin('a'));
    expect(pins.list('r1')).toMatchObject([{ stepId: 'a', outputs: { id: 7 } }]);
    expect(pins.list('r2')).toEqual([]);
    expect(pins.delete('r1', 'a')).toBe(true);
    expect(pins.list('r1')).toEqual([]);
  });

  it('are read anew once another connection (another process) has pinned a step', async () => {
    const { db, pins } = setUp();
    expect(pins.list('r2')).toEqual([]);
    const other = new BetterSqlite3(db.name);
    other
      .prepare('INSERT INTO step_pins (runbook_id, step_id, pin, updated_at) VALUES (?, ?, ?, ?)')
      .run('r2', 'b', JSON.stringify({ from: 'edited', pinnedAt: timestamp, status: 201 }), timestamp);
    other.close();
    await Promise.resolve();
    expect(pins.list('r2')).toMatchObject([{ stepId: 'b', status: 201 }]);
    expect(pins.valuesOf('r2').get('b')).toMatchObject({ status: 201 });
  });
});

describe('the data version', () => {
  it('is asked once for the code running now, and again once it has yielded', async () => {
    const { db } = setUp();
    const before = dataVersionOf(db);
    const other = new BetterSqlite3(db.name);
    other.prepare("UPDATE runbooks SET name = 'x' WHERE id = 'r1'").run();
    other.close();
    expect(dataVersionOf(db)).toBe(before);
    await Promise.resolve();
    expect(dataVersionOf(db)).not.toBe(before);
  });
});
