import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { temporaryDatabase } from '../testSupport/temporaryDatabase';
import { busyTimeoutMs, type Database } from './database';
import { createWriteBehind } from './writeBehind';

/** Makes the database "full": no page may be added beyond those it has now. */
function fillDisk(db: Database): () => void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${String(pages)}`);
  return () => db.pragma('max_page_count = 1073741823');
}

/** A second connection, as another program would, holding the write lock until released. */
function holdWriteLock(db: Database): () => void {
  const other = new BetterSqlite3(db.name);
  other.exec('BEGIN IMMEDIATE');
  return () => {
    other.exec('COMMIT');
    other.close();
  };
}

const bigText = (tag: string) => `${tag}:${'x'.repeat(20_000)}`;

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

  it('writes items queued one after another for the same writer in one write, in order', () => {
    const { insert, texts, writes } = setUp({ delayMs: 10_000 });
    const calls: string[][] = [];
    const writeAll = (items: string[]) => {
      calls.push([...items]);
      for (const text of items) insert.run(text);
    };
    writes.deferTogether(writeAll, 'a');
    writes.deferTogether(writeAll, 'b');
    // Something else queued between: the next items go to a write of their own, after it.
    writes.defer(() => insert.run('c'));
    writes.deferTogether(writeAll, 'd');
    writes.deferTogether(writeAll, 'e');
    writes.flush();
    expect(texts()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(calls).toEqual([
      ['a', 'b'],
      ['d', 'e'],
    ]);
    // Written: an item queued now starts a new write.
    writes.deferTogether(writeAll, 'f');
    writes.flush();
    expect(calls.at(-1)).toEqual(['f']);
  });

  it('counts items written together toward the queue that is written at once, and loses none', () => {
    const { insert, texts, writes } = setUp({ delayMs: 10_000, maxQueued: 3 });
    const writeAll = (items: string[]) => {
      for (const text of items) insert.run(text);
    };
    for (const text of ['a', 'b', 'c']) writes.deferTogether(writeAll, text);
    expect(texts()).toEqual(['a', 'b', 'c']);
    // The write that took 'a' to 'c' is done: 'd' goes to a new one.
    writes.deferTogether(writeAll, 'd');
    writes.flush();
    expect(texts()).toEqual(['a', 'b', 'c', 'd']);
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

  it('keeps every record, in order, while the disk is full, and writes them once space is free', async () => {
    const faults: (string | undefined)[] = [];
    const { db, insert, texts, writes } = setUp({
      delayMs: 10_000,
      retryMs: { first: 10, max: 20 },
      onFault: (fault) => faults.push(fault),
    });
    const freeSpace = fillDisk(db);
    for (const tag of ['a', 'b', 'c']) writes.defer(() => insert.run(bigText(tag)));
    expect(() => writes.flush()).not.toThrow();
    expect(texts()).toEqual([]);
    expect(writes.fault()).toBe('full');
    await expect(writes.commit()).rejects.toMatchObject({
      code: 'storage_full',
      message: expect.stringContaining('the disk is full') as unknown,
    });
    freeSpace();
    await vi.waitFor(() => expect(texts().map((text) => text[0])).toEqual(['a', 'b', 'c']), {
      timeout: 5_000,
    });
    expect(writes.fault()).toBeUndefined();
    expect(faults).toEqual(['full', undefined]);
  });

  it('waits for another program to release its lock without blocking, then writes everything', async () => {
    const { db, insert, texts, writes } = setUp({ delayMs: 10_000, retryMs: { first: 10, max: 50 } });
    const release = holdWriteLock(db);
    writes.defer(() => insert.run('a'));
    // Returns while the lock is still held (only a later timer lets it go): one try, which waits
    // at most SQLite's short busy timeout, not the 5 s the whole app froze for before.
    writes.flush();
    expect(db.pragma('busy_timeout', { simple: true })).toBe(busyTimeoutMs);
    expect(writes.fault()).toBe('busy');
    for (const text of ['b', 'c']) writes.defer(() => insert.run(text));
    const committed = writes.commit({ waitMs: 10_000 });
    setTimeout(release, 300);
    await committed;
    expect(texts()).toEqual(['a', 'b', 'c']);
    expect(writes.fault()).toBeUndefined();
  });

  it('tells a write it is done once its batch is committed, not while a lock keeps it waiting', async () => {
    const { db, insert, texts, writes } = setUp({ delayMs: 10_000, retryMs: { first: 10, max: 20 } });
    const done: string[] = [];
    const release = holdWriteLock(db);
    writes.defer(
      () => insert.run('a'),
      () => done.push('a'),
    );
    writes.defer(() => insert.run('b'));
    writes.flush();
    expect(writes.fault()).toBe('busy');
    expect(done).toEqual([]);
    release();
    await writes.commit();
    expect(texts()).toEqual(['a', 'b']);
    expect(done).toEqual(['a']);
  });

  it('gives up a commit that waits too long for a lock, keeping the records', async () => {
    const { db, insert, texts, writes } = setUp({ delayMs: 10_000, retryMs: { first: 10, max: 50 } });
    const release = holdWriteLock(db);
    writes.defer(() => insert.run('a'));
    await expect(writes.commit({ waitMs: 200 })).rejects.toMatchObject({ code: 'storage_busy' });
    release();
    await writes.commit();
    expect(texts()).toEqual(['a']);
  });

  it('has many commits waiting for one lock share the retries, instead of each blocking the event loop', async () => {
    const { db, insert, texts, writes } = setUp({ delayMs: 10_000, retryMs: { first: 50, max: 200 } });
    const release = holdWriteLock(db);
    let tries = 0;
    writes.defer(() => {
      tries += 1;
      insert.run('a');
    });
    const commits = Array.from({ length: 20 }, () => writes.commit({ waitMs: 10_000 }));
    setTimeout(release, 400);
    await Promise.all(commits);
    expect(texts()).toEqual(['a']);
    // One try now, then one per retry pause (50, 100, 200, 200 ms…), whatever the number waiting.
    expect(tries).toBeLessThanOrEqual(8);
  });

  it('refuses a commit at once when the disk refuses writes, keeping the records', async () => {
    const { db, insert, texts, writes } = setUp({ delayMs: 10_000, retryMs: { first: 10, max: 20 } });
    // query_only makes SQLite refuse writes as a read-only disk does (SQLITE_READONLY).
    db.pragma('query_only = ON');
    writes.defer(() => insert.run('a'));
    await expect(writes.commit()).rejects.toMatchObject({ code: 'storage_failing' });
    expect(writes.fault()).toBe('failing');
    db.pragma('query_only = OFF');
    await vi.waitFor(() => expect(texts()).toEqual(['a']), { timeout: 5_000 });
  });
});
