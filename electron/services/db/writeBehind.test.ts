import { describe, expect, it, vi } from 'vitest';
import { temporaryDatabase } from '../testSupport/temporaryDatabase';
import { createWriteBehind } from './writeBehind';

function setUp(options: Parameters<typeof createWriteBehind>[1] = {}) {
  const db = temporaryDatabase();
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
  const insert = db.prepare<[string]>('INSERT INTO notes (text) VALUES (?)');
  const texts = () =>
    db
      .prepare<[], { text: string }>('SELECT text FROM notes ORDER BY id')
      .all()
      .map((row) => row.text);
  return { db, insert, texts, writes: createWriteBehind(db, options) };
}

describe('write-behind', () => {
  it('writes nothing until flushed, then everything in order', () => {
    const { insert, texts, writes } = setUp({ delayMs: 10_000 });
    writes.defer(() => insert.run('a'));
    writes.defer(() => insert.run('b'));
    expect(texts()).toEqual([]);
    writes.flush();
    expect(texts()).toEqual(['a', 'b']);
  });

  it('flushes by itself shortly after the first write', async () => {
    vi.useFakeTimers();
    try {
      const { insert, texts, writes } = setUp({ delayMs: 25 });
      writes.defer(() => insert.run('a'));
      await vi.advanceTimersByTimeAsync(30);
      expect(texts()).toEqual(['a']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('flushes at once when many writes wait', () => {
    const { insert, texts, writes } = setUp({ delayMs: 10_000, maxQueued: 3 });
    for (const text of ['a', 'b', 'c']) writes.defer(() => insert.run(text));
    expect(texts()).toEqual(['a', 'b', 'c']);
  });

  it('drops a write that fails, reports it, and keeps the others', () => {
    const errors: string[] = [];
    const { insert, texts, writes } = setUp({
      delayMs: 10_000,
      onError: (error) => errors.push(error.message),
    });
    writes.defer(() => insert.run('a'));
    writes.defer(() => insert.run('a'));
    writes.defer(() => insert.run('b'));
    writes.flush();
    expect(texts()).toEqual(['a', 'b']);
    expect(errors).toEqual([expect.stringContaining('UNIQUE')]);
  });

  it('does nothing once the database is closed', () => {
    const { db, insert, writes } = setUp({ delayMs: 10_000 });
    writes.defer(() => insert.run('a'));
    db.close();
    expect(() => writes.flush()).not.toThrow();
  });
});
