import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { temporaryDatabase } from '../testSupport/temporaryDatabase';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { startCheckpointer, type Checkpointer, type CheckpointResult } from './checkpointer';
import { emptyWal, type Database } from './database';

const started: Checkpointer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((checkpointer) => checkpointer.dispose()));
});

function start(db: Database, options: Partial<Parameters<typeof startCheckpointer>[1]> = {}) {
  const lines: string[] = [];
  const results: CheckpointResult[] = [];
  const checkpointer = startCheckpointer(db, {
    file: db.name,
    intervalMs: 20,
    startDelayMs: 0,
    log: (line) => lines.push(line),
    onCheckpoint: (result) => results.push(result),
    ...options,
  });
  started.push(checkpointer);
  return { checkpointer, lines, results };
}

const autoCheckpoint = (db: Database) => db.pragma('wal_autocheckpoint', { simple: true }) as number;

/** Rows of ~4 KB, a page each, in transactions of 100: enough to pass SQLite's own threshold. */
function writePages(db: Database, count: number) {
  db.exec('CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const insert = db.prepare<[string]>('INSERT INTO pages (text) VALUES (?)');
  const some = db.transaction((n: number) => {
    for (let index = 0; index < n; index += 1) insert.run(`${String(index)}:${'x'.repeat(4_000)}`);
  });
  for (let done = 0; done < count; done += 100) some(100);
}

/** The rows the database file holds by itself, without its WAL: a copy of the file alone. */
function rowsInFileAlone(db: Database): number {
  const copy = path.join(temporaryDirectory(), 'copy.sqlite');
  fs.copyFileSync(db.name, copy);
  const reader = new BetterSqlite3(copy, { readonly: false });
  try {
    return reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM pages').get()?.n ?? 0;
  } finally {
    reader.close();
  }
}

describe('checkpoints off the main thread', () => {
  it('writes the WAL back into the file from its worker; the main connection stops doing it', async () => {
    const db = temporaryDatabase();
    expect(autoCheckpoint(db)).toBe(1000);
    const { checkpointer, results, lines } = start(db);
    await vi.waitFor(() => expect(checkpointer.isOffThread()).toBe(true), { timeout: 10_000 });
    expect(autoCheckpoint(db)).toBe(0);

    writePages(db, 1_500);
    // Every frame written so far is in the file: copied back by the worker, since the main
    // connection no longer checkpoints (it would have at 1,000 pages).
    // (The WAL may have been started over meanwhile: a checkpoint's count is of the frames since.)
    await vi.waitFor(
      () => {
        const last = results.at(-1);
        expect(last).toBeDefined();
        expect(last?.checkpointed).toBe(last?.log);
        expect(rowsInFileAlone(db)).toBe(1_500);
      },
      { timeout: 10_000 },
    );
    expect(lines).toEqual([]);
  });

  it('starts its thread a moment after the app, not while it starts; disposed before, it starts none', async () => {
    const db = temporaryDatabase();
    const { checkpointer } = start(db, { startDelayMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(checkpointer.isOffThread()).toBe(false);
    expect(autoCheckpoint(db)).toBe(1000);
    await vi.waitFor(() => expect(checkpointer.isOffThread()).toBe(true), { timeout: 10_000 });

    const other = temporaryDatabase();
    const early = start(other, { startDelayMs: 200 });
    await early.checkpointer.dispose();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(early.checkpointer.isOffThread()).toBe(false);
    expect(autoCheckpoint(other)).toBe(1000);
    expect(early.lines).toEqual([]);
  });

  it('a worker that cannot start leaves the checkpoints to the main connection, and says why', async () => {
    const db = temporaryDatabase();
    const { checkpointer, lines } = start(db, { modulePath: path.join(temporaryDirectory(), 'missing.js') });
    await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 10_000 });
    expect(lines[0]).toMatch(/^checkpoints are written on the main thread: Cannot find module/);
    expect(checkpointer.isOffThread()).toBe(false);
    expect(autoCheckpoint(db)).toBe(1000);
  });

  it('disposed: the thread ends and the main connection checkpoints again, as on close', async () => {
    const db = temporaryDatabase();
    const { checkpointer } = start(db);
    await vi.waitFor(() => expect(checkpointer.isOffThread()).toBe(true), { timeout: 10_000 });
    writePages(db, 50);
    await checkpointer.dispose();
    expect(checkpointer.isOffThread()).toBe(false);
    expect(autoCheckpoint(db)).toBe(1000);
    // The main connection is the last one open: closing it writes the WAL back and removes it.
    db.close();
    expect(fs.existsSync(`${db.name}-wal`)).toBe(false);
  });

  it('an edit that empties the WAL gets past a checkpoint of the worker going on meanwhile', async () => {
    const db = temporaryDatabase();
    const { checkpointer } = start(db, { intervalMs: 1 });
    await vi.waitFor(() => expect(checkpointer.isOffThread()).toBe(true), { timeout: 10_000 });
    const emptied: boolean[] = [];
    for (let round = 0; round < 40; round += 1) {
      writePages(db, 300);
      // Let the worker start copying these pages back.
      await new Promise((resolve) => setTimeout(resolve, round % 5));
      emptied.push(emptyWal(db));
    }
    expect(emptied.filter((isEmpty) => !isEmpty)).toEqual([]);
  });

  it('keeps the WAL small while the app goes on writing: a checkpoint that commits overtook is finished, so the next write starts the WAL over', async () => {
    // Runs recording their steps commit a few dozen pages every few milliseconds. SQLite starts
    // the WAL over at a write only when, as that write began, every frame was in the file; a
    // checkpoint of the worker during which a commit landed left the newest frames out, so the
    // WAL was never wholly written back and grew on (measured: 47 MB after 20,000 bench steps).
    const db = temporaryDatabase();
    const { checkpointer, results } = start(db, { intervalMs: 100 });
    await vi.waitFor(() => expect(checkpointer.isOffThread()).toBe(true), { timeout: 10_000 });
    db.exec('CREATE TABLE pages (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    const insert = db.prepare<[string]>('INSERT INTO pages (text) VALUES (?)');
    const commitPages = db.transaction(() => {
      for (let index = 0; index < 20; index += 1) insert.run('x'.repeat(4_000));
    });
    const until = Date.now() + 2_000;
    for (let commits = 0; commits < 400 && Date.now() < until; commits += 1) {
      commitPages();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // At 20 pages a commit, some 6,000 frames (25 MB) if the WAL is never started over; started
    // over, a checkpoint finds fewer frames than the one before it.
    const startsOver = results.filter((result, index) => result.log < (results[index - 1]?.log ?? 0));
    expect(startsOver.length).toBeGreaterThanOrEqual(3);
    expect(fs.statSync(`${db.name}-wal`).size / 1024 / 1024).toBeLessThan(12);
  });

  it('the backend checkpoints off its main thread', async () => {
    let opened: Database | undefined;
    startBackend(undefined, undefined, { onDatabaseOpened: (db) => (opened = db) });
    await vi.waitFor(() => expect(opened === undefined ? -1 : autoCheckpoint(opened)).toBe(0), {
      timeout: 10_000,
    });
  });
});
