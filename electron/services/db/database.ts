/**
 * Opens the SQLite database: refuses files it cannot trust (corrupt, not ours, newer schema)
 * without touching them, then applies pending migrations in one transaction.
 * The database object never leaves electron/services/db: repositories take it, callers get them.
 */
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/appError';
import { latestSchemaVersion, migrations, type Migration } from './migrations';

export type Database = BetterSqlite3.Database;

/** Longest a statement blocks the event loop waiting for another program's lock. */
export const busyTimeoutMs = 100;

/** 'RBD1': marks a file as a Runbook Designer database. */
export const applicationId = 0x52424431;

export interface OpenDatabaseOptions {
  file: string;
  /** Path to a better_sqlite3.node built for another runtime (the Electron shell passes one). */
  nativeBinding?: string;
  /** Only for tests of future schemas. */
  migrationList?: readonly Migration[];
}

export function openDatabase(options: OpenDatabaseOptions): Database {
  const list = options.migrationList ?? migrations;
  const latest = list.at(-1)?.version ?? latestSchemaVersion;
  assertLooksLikeSqlite(options.file);
  let db: Database;
  try {
    createPrivately(options.file);
    db = new BetterSqlite3(options.file, {
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    });
  } catch (error) {
    throw corrupt(options.file, error);
  }
  try {
    const found = readHeader(db, options.file);
    // Ours, or empty: our migrations set application_id in the transaction that creates the tables,
    // so tables without it belong to another program that never set one.
    const isForeign = found.applicationId === 0 ? found.hasTables : found.applicationId !== applicationId;
    if (isForeign) {
      throw new AppError(
        'database_corrupt',
        `${options.file} is an SQLite database of another program; it was left unchanged. ` +
          'Choose another data directory.',
      );
    }
    if (found.userVersion > latest) {
      throw new AppError(
        'database_too_new',
        `${options.file} was written by a newer version of Runbook Designer (schema ` +
          `${found.userVersion}, this version knows ${latest}). Update the app; the file was left unchanged.`,
      );
    }
    restrictToOwner(options.file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // better-sqlite3 waits synchronously: a long timeout froze the whole app (every call, the
    // webhook listener) while another program held the write lock. Writes that meet a lock fail
    // fast and are retried without blocking (writeBehind.ts) or refused as storage_busy.
    db.pragma(`busy_timeout = ${String(busyTimeoutMs)}`);
    db.pragma('synchronous = NORMAL');
    migrate(db, found.userVersion, list);
    return db;
  } catch (error) {
    db.close();
    throw error instanceof AppError ? error : corrupt(options.file, error);
  }
}

function readHeader(
  db: Database,
  file: string,
): { applicationId: number; userVersion: number; hasTables: boolean } {
  try {
    return {
      applicationId: db.pragma('application_id', { simple: true }) as number,
      userVersion: db.pragma('user_version', { simple: true }) as number,
      hasTables: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sqlite_master').get()?.n !== 0,
    };
  } catch (error) {
    throw corrupt(file, error);
  }
}

function migrate(db: Database, from: number, list: readonly Migration[]): void {
  const pending = list.filter((migration) => migration.version > from);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${String(migration.version)}`);
    }
    db.pragma(`application_id = ${String(applicationId)}`);
  })();
}

/**
 * Runs fn in one transaction with secure_delete on, so the content its writes replace or delete
 * is overwritten with zeros instead of lingering in free space of the pages (and their WAL copies).
 */
export function secureTransaction<T>(db: Database, fn: () => T): T {
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma(`secure_delete = ${String(previous)}`);
  }
}

/**
 * Leaves no earlier copy of removed content in the files: VACUUM rebuilds every page (older
 * edits left free space and free pages), then the WAL is written back and emptied. Costly on a
 * large file: for one-time clean-ups. False when another connection kept the WAL from emptying.
 */
export function eraseFreedContent(db: Database): boolean {
  db.exec('VACUUM');
  return emptyWal(db);
}

/**
 * Writes the WAL back into the database file and truncates it, so the older page copies its
 * frames held are gone; after a secureTransaction, the file then holds only the zeroed pages.
 * Cheap (bounded by the WAL, not the database): fit for a user's edit. False when another
 * connection kept the WAL from emptying.
 */
export function emptyWal(db: Database): boolean {
  // The checkpointer thread (checkpointer.ts) may be copying pages this moment: SQLite then
  // answers busy at once, without waiting. So this asks it to start no checkpoint, and waits for
  // the one it may be in to end (on a busy disk that takes seconds, not milliseconds); another
  // program's reader still keeps the WAL, as before.
  const cell = checkpointCell(db);
  Atomics.add(cell, holdsIndex, 1);
  try {
    Atomics.wait(cell, checkpointingIndex, 1, checkpointWaitMs);
    for (let attempt = 1; ; attempt += 1) {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy === 0) return true;
      if (attempt === 3) return false;
      Atomics.wait(pauseCell, 0, 0, 10);
    }
  } finally {
    Atomics.sub(cell, holdsIndex, 1);
  }
}

/** Waited on (never woken) for a pause that blocks this thread. */
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Shared by the main thread and a database's checkpointer thread: at `holdsIndex` how many
 * `emptyWal` calls want no checkpoint started, at `checkpointingIndex` 1 while the thread is in
 * one (it wakes waiters when it ends). Atomics order both sides: either the thread sees the hold
 * and skips its turn, or `emptyWal` sees the checkpoint and waits for it.
 */
export const holdsIndex = 0;
export const checkpointingIndex = 1;
/** The longest `emptyWal` waits for the thread's checkpoint: a checkpoint on a slow disk. */
const checkpointWaitMs = 5_000;
const checkpointCells = new WeakMap<Database, Int32Array>();

export function checkpointCell(db: Database): Int32Array {
  let cell = checkpointCells.get(db);
  if (cell === undefined) {
    cell = new Int32Array(new SharedArrayBuffer(8));
    checkpointCells.set(db, cell);
  }
  return cell;
}

/**
 * The database holds every run's inputs and results and the encrypted secrets: only its owner
 * may read it. SQLite would create the file with 0644 (less the umask), so it is created here
 * first with 0600; SQLite's unix VFS gives the -wal and -shm files it creates the main file's mode.
 */
const ownerOnly = 0o600;

function createPrivately(file: string): void {
  // 'a' creates a missing file and leaves an existing one as it is (its mode too).
  fs.closeSync(fs.openSync(file, 'a', ownerOnly));
}

/** A database (and its -wal/-shm) left readable by others by an earlier version becomes 0600. */
function restrictToOwner(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(path, ownerOnly);
    } catch (error) {
      // Not there (no WAL yet), or another user's file we may use but not change: leave it.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw error;
    }
  }
}

/** A non-empty file that does not start with SQLite's magic header is refused before opening. */
function assertLooksLikeSqlite(file: string): void {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch {
    return; // Not there yet: SQLite creates it.
  }
  try {
    const header = Buffer.alloc(16);
    const read = fs.readSync(handle, header, 0, 16, 0);
    if (read > 0 && header.toString('latin1', 0, read) !== 'SQLite format 3\0'.slice(0, read)) {
      throw corrupt(file, new Error('missing SQLite header'));
    }
  } finally {
    fs.closeSync(handle);
  }
}

function corrupt(file: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError(
    'database_corrupt',
    `${file} is not a readable Runbook Designer database (${reason}). It was left unchanged; ` +
      'restore it from a backup or move it away to start afresh.',
  );
}
