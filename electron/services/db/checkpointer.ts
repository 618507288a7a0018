/**
 * Writes the WAL back into the database file from a thread of its own. SQLite does it in the
 * connection whose commit takes the WAL past 1,000 pages: the main thread, where a run records
 * its steps. That checkpoint copies every page and syncs the file, a stall of several
 * milliseconds (far more on a slow disk) for whatever commit met it, and the event loop stops
 * meanwhile — calls, webhooks and runs with it. Measured on the 20-step bench runbook: of the
 * ~31 µs per step its records cost on disk, ~13 µs were these checkpoints.
 *
 * Here a worker thread, started a moment after the app, holds a second connection and asks for
 * a passive checkpoint every `intervalMs`: it copies what no reader still needs and never waits
 * for a lock, so the main thread's writers and readers go on meanwhile; it passes again over
 * what was committed during its pass, so the WAL is wholly in the file at some moment and the
 * next write starts it over (overwriting its first pages rather than growing it). Once the worker has
 * opened the database, the main connection stops checkpointing itself; if the worker cannot
 * start, or ends, it takes the job back (SQLite's default) and the log says why.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkpointCell, checkpointingIndex, holdsIndex, type Database } from './database';

export interface Checkpointer {
  /** Whether the worker does the checkpoints now (false: the main connection, as SQLite does). */
  isOffThread(): boolean;
  /** Ends the worker; the main connection checkpoints again (and on close, as SQLite does). */
  dispose(): Promise<void>;
}

export interface CheckpointerOptions {
  /** The database file, opened a second time in the worker. */
  file: string;
  /** Path to a better_sqlite3.node built for another runtime (the Electron shell passes one). */
  nativeBinding?: string;
  intervalMs?: number;
  /** How long after the start the worker starts (0: at once). */
  startDelayMs?: number;
  log: (line: string) => void;
  /** The better-sqlite3 module the worker loads; only tests give another. */
  modulePath?: string;
  /** Told after each checkpoint the worker made, with SQLite's answer; for tests. */
  onCheckpoint?: (result: CheckpointResult) => void;
}

/** SQLite's answer to `wal_checkpoint`: frames in the WAL, and how many are in the file now. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** SQLite's own threshold, in pages: what the main connection goes back to. */
const defaultAutoCheckpoint = 1000;

/** Passes of one checkpoint at most, each copying the commits that landed during the one before. */
const mostPasses = 8;

/** The worker: plain JavaScript, so it needs none of our modules (and no TypeScript loader). */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, {
  fileMustExist: true,
  ...(workerData.nativeBinding === undefined ? {} : { nativeBinding: workerData.nativeBinding }),
});
db.pragma('busy_timeout = 0');
let lastError;
const cell = workerData.cell;
const checkpoint = () => {
  // The main thread is emptying the WAL (emptyWal): its turn, not ours.
  if (Atomics.load(cell, ${String(holdsIndex)}) !== 0) return;
  Atomics.store(cell, ${String(checkpointingIndex)}, 1);
  try {
    if (Atomics.load(cell, ${String(holdsIndex)}) !== 0) return;
    let [result] = db.pragma('wal_checkpoint(PASSIVE)');
    // Commits that landed meanwhile are left out: copied by another pass (a short one), until a
    // pass finds none. SQLite starts the WAL over at a write only when every frame was in the
    // file as the write began; under steady writes, a single pass (copying all the turn's frames,
    // then syncing) was always overtaken by a commit, and the WAL grew on (47 MB after 20,000
    // bench steps; 25 MB in 2 s of commits every 5 ms, the test's).
    for (let pass = 2; pass <= ${String(mostPasses)}; pass += 1) {
      if (Atomics.load(cell, ${String(holdsIndex)}) !== 0) break;
      const [again] = db.pragma('wal_checkpoint(PASSIVE)');
      const hasCaughtUp = again.log === result.log;
      result = again;
      if (hasCaughtUp) break;
    }
    lastError = undefined;
    parentPort.postMessage({ kind: 'checkpointed', result });
  } catch (error) {
    // A full disk, or a lock held a moment by another connection: tried again next time. A
    // lock is no news; anything else is told once.
    if (error.code !== 'SQLITE_BUSY' && error.message !== lastError)
      parentPort.postMessage({ kind: 'failed', message: error.message });
    lastError = error.message;
  } finally {
    Atomics.store(cell, ${String(checkpointingIndex)}, 0);
    Atomics.notify(cell, ${String(checkpointingIndex)});
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ kind: 'ready' });
`;

/**
 * better-sqlite3's entry file, for the worker to load the same module the app loaded. The shells'
 * CommonJS bundles and the test runner have `require`; an ES module run from the sources (tsx)
 * resolves it from the working directory, the checkout.
 */
function betterSqlitePath(): string {
  const resolve =
    typeof require === 'function'
      ? require.resolve
      : createRequire(path.join(process.cwd(), 'package.json')).resolve;
  return resolve('better-sqlite3');
}

export function startCheckpointer(db: Database, options: CheckpointerOptions): Checkpointer {
  let isOffThread = false;
  let hasEnded = false;
  /** Ends the worker's part (once): the main connection checkpoints as SQLite does by default. */
  const end = () => {
    hasEnded = true;
    if (isOffThread && db.open) db.pragma(`wal_autocheckpoint = ${String(defaultAutoCheckpoint)}`);
    isOffThread = false;
  };
  /** The worker could not start, or ended on its own: the log says why. */
  const takeBack = (reason: string) => {
    if (hasEnded) return;
    options.log(`checkpoints are written on the main thread${isOffThread ? ' again' : ''}: ${reason}`);
    end();
  };
  let worker: Worker | undefined;
  const startWorker = () => {
    try {
      worker = new Worker(workerSource, {
        eval: true,
        workerData: {
          file: options.file,
          nativeBinding: options.nativeBinding,
          modulePath: options.modulePath ?? betterSqlitePath(),
          intervalMs: options.intervalMs ?? 500,
          cell: checkpointCell(db),
        },
      });
    } catch (error) {
      takeBack((error as Error).message);
      return;
    }
    // A worker that only checkpoints must not keep a finished process alive.
    worker.unref();
    worker.on('message', (message: { kind: string; result?: CheckpointResult; message?: string }) => {
      if (message.kind === 'ready') {
        if (hasEnded || !db.open) return;
        db.pragma('wal_autocheckpoint = 0');
        isOffThread = true;
      } else if (message.kind === 'checkpointed' && message.result !== undefined) {
        options.onCheckpoint?.(message.result);
      } else if (message.kind === 'failed') {
        options.log(`a checkpoint could not be written (tried again shortly): ${message.message ?? ''}`);
      }
    });
    worker.on('error', (error) => takeBack(error.message));
    worker.on('exit', (code) => takeBack(`its thread ended (code ${String(code)})`));
  };
  // Not while the app starts: a new thread loading SQLite then competes with the first screen,
  // and the main connection checkpoints meanwhile as it always did.
  const startDelayMs = options.startDelayMs ?? 2_000;
  const startTimer = startDelayMs === 0 ? undefined : setTimeout(startWorker, startDelayMs);
  startTimer?.unref();
  if (startTimer === undefined) startWorker();

  return {
    isOffThread: () => isOffThread,
    dispose: () => {
      clearTimeout(startTimer);
      if (hasEnded) return Promise.resolve();
      end();
      const started = worker;
      if (started === undefined) return Promise.resolve();
      const ended = new Promise<void>((resolve) => started.once('exit', () => resolve()));
      // Awaited, the close keeps the process until the thread has closed its connection.
      started.ref();
      started.postMessage('close');
      return ended;
    },
  };
}
