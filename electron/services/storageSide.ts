/**
 * Wires the backend's storage: the data directory and database, the start-up clean-ups, the event
 * bus, the secret store, the write-behind batches, the checkpoint thread and the rate limiter
 * shared by every process on the data folder (in queue mode, by the main and its workers). Part of the composition root (backend.ts): it builds and connects, nothing
 * more.
 */
import fs from 'node:fs';
import path from 'node:path';
import { restrictDirectoryToOwner } from './dataDirectory';
import { startCheckpointer } from './db/checkpointer';
import { registerDataFolderProcess } from './db/dataFolderProcesses';
import { openDatabase, type Database } from './db/database';
import { createDebugPauseRepository } from './db/repositories/debugPauseRepository';
import { createKeyringRepository } from './db/repositories/keyringRepository';
import { createRateLimitPlaceRepository } from './db/repositories/rateLimitPlaceRepository';
import { createRunGroupRepository } from './db/repositories/runGroupRepository';
import { createRunRepository } from './db/repositories/runRepository';
import { storageFaultLogLine } from './db/storageFault';
import { createWriteBehind } from './db/writeBehind';
import { createEventBus } from './events/eventBus';
import { createFolderRateLimiter } from './http/folderRateLimiter';
import { createRateLimiter } from './http/rateLimiter';
import type { QueueConnection } from './queue/queueAddress';
import { createRedisRateLimiter } from './queue/redisRateLimiter';
import { watchRunsLeftByGone } from './runs/leftByGoneWatch';
import { settleLeftUnfinished } from './runs/leftUnfinished';
import type { KeyProvider } from './secrets/keyProvider';
import { createSecretStore } from './secrets/secretStore';

export const databaseFileName = 'runbook-designer.sqlite';

export interface StorageOptions {
  dataDirectory: string;
  nativeBinding?: string;
  /** Built from the data directory, so the headless shell can keep its key file there. */
  keyProvider: (dataDirectory: string) => KeyProvider;
  log: (line: string) => void;
  /** How long after the start the checkpoint thread starts (checkpointer.ts). */
  checkpointStartDelayMs?: number;
  /** Queue mode: the limiter is held in Redis; the queue, not this database, knows runs going. */
  queue?: { connection: QueueConnection };
}

/** Makes the data directory (0700, the owner's only) and opens the database in it. */
export function openStorage(options: StorageOptions): { db: Database; databaseFile: string } {
  fs.mkdirSync(options.dataDirectory, { recursive: true, mode: 0o700 });
  restrictDirectoryToOwner(options.dataDirectory);
  const databaseFile = path.join(options.dataDirectory, databaseFileName);
  const db = openDatabase({
    file: databaseFile,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
  return { db, databaseFile };
}

/**
 * Over the open database: the start-up clean-ups, then what every other part of the backend
 * writes through. `disposables` receives what must be closed, in order of creation.
 */
export function wireStorageSide(db: Database, options: StorageOptions, disposables: (() => void)[]) {
  const folderProcess = registerDataFolderProcess(options.dataDirectory);
  disposables.push(() => folderProcess.dispose());
  const runGroupRepository = createRunGroupRepository(db, folderProcess.name);
  // Another process still running has its runs going: only those of processes gone were left by a stop.
  settleLeftUnfinished({
    // In queue mode, workers may still be running them: the queue is asked instead (engineSide.ts).
    runs: options.queue === undefined ? createRunRepository(db) : undefined,
    runGroups: runGroupRepository,
    ...(folderProcess.hasOthers ? { isOpenBy: (owner: string) => folderProcess.isOpenBy(owner) } : {}),
    log: options.log,
  });
  const events = createEventBus();
  const secrets = createSecretStore(createKeyringRepository(db), options.keyProvider(options.dataDirectory));
  // Step records and call-log rows are committed in batches; flushed before the database closes.
  const writes = createWriteBehind(db, {
    onError: (error) => options.log(`a run or call record could not be written: ${error.message}`),
    onFault: (fault) => {
      events.emit({ name: 'storage.changed', payload: { fault: fault ?? null } });
      options.log(storageFaultLogLine[fault ?? 'none']);
    },
  });
  disposables.push(() => writes.flush());
  // Queue mode: the main and every worker share one limiter per integration, held in Redis.
  // Else every process on the data folder shares it through the database.
  const sharedLimiter =
    options.queue === undefined
      ? createFolderRateLimiter({
          inner: createRateLimiter(),
          places: createRateLimitPlaceRepository(db),
          holder: folderProcess.name,
          isOpenBy: (name) => folderProcess.isOpenBy(name),
          log: options.log,
        })
      : createRedisRateLimiter({ connection: options.queue.connection, log: options.log });
  disposables.push(() => void sharedLimiter.dispose());
  const runRepository = createRunRepository(db, writes, folderProcess.name);
  // A process that stops beside this one leaves its runs going: marked interrupted here. In queue
  // mode the queue judges runs (engineSide.ts).
  if (options.queue === undefined) {
    const leftByGone = watchRunsLeftByGone({
      runs: runRepository,
      runGroups: runGroupRepository,
      isOpenBy: (owner) => folderProcess.isOpenBy(owner),
      isOfThisMachine: (owner) => owner.endsWith(folderProcess.name.slice(folderProcess.name.indexOf('@'))),
      events,
      log: options.log,
    });
    disposables.push(() => leftByGone.dispose());
  }
  // Where debug runs are paused, written by the process that runs them and read by every process.
  const debugPauses = createDebugPauseRepository(db);
  return {
    runGroupRepository,
    events,
    secrets,
    writes,
    sharedLimiter,
    runRepository,
    folderProcess,
    debugPauses,
  };
}

/** What the storage side hands the rest of the backend. */
export type StorageSide = ReturnType<typeof wireStorageSide>;

/**
 * The WAL is written back into the file off the event loop (see checkpointer.ts): started once
 * the start-up clean-ups have emptied it alone, ended before the database closes (disposables
 * run last first).
 */
export function startCheckpointing(
  db: Database,
  databaseFile: string,
  options: StorageOptions,
  disposables: (() => void)[],
): void {
  const checkpointer = startCheckpointer(db, {
    file: databaseFile,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    ...(options.checkpointStartDelayMs === undefined ? {} : { startDelayMs: options.checkpointStartDelayMs }),
    log: options.log,
  });
  disposables.push(() => void checkpointer.dispose());
}
