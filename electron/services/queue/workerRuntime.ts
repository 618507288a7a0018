/**
 * A queue-mode worker's services for one snapshot (runSnapshot.ts): a replica database holding
 * the snapshot's rows, and over it the same integration side (methods, HTTP core, authorizers,
 * the secret store opened with the team's key) and engine as the main's, with hooks and a call
 * log that send every record to the main instead of writing it here. Runs of the same runbook
 * with nothing changed share one runtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import { openDatabase } from '../db/database';
import { createKeyringRepository } from '../db/repositories/keyringRepository';
import { createWriteBehind } from '../db/writeBehind';
import { cancellableSleep } from '../engine/cancellableSleep';
import { createEngine, type Engine } from '../engine/engine';
import type { RunHooks } from '../engine/runHooks';
import { createEventBus } from '../events/eventBus';
import { wireIntegrationSide } from '../integrationSide';
import type { RateLimiter } from '../http/rateLimiter';
import type { KeyProvider } from '../secrets/keyProvider';
import { createSecretStore } from '../secrets/secretStore';
import { loadedRunbookKey, writeRunSnapshot, type RunSnapshot } from './runSnapshot';

export interface WorkerRuntime {
  engine: Engine;
  dispose(): void;
}

export interface WorkerRuntimeOptions {
  /** The worker's own data directory: the replica lives there while the runtime does. */
  directory: string;
  snapshot: RunSnapshot;
  keyProvider: KeyProvider;
  /** The hooks that send the engine's records to the main. */
  hooks: RunHooks;
  recordCall(call: ApiCallRecord): void;
  /** The worker's one limiter, held in Redis and shared with the main and the other workers. */
  rateLimiter: RateLimiter;
  log(line: string): void;
}

/** The prefix of replica files, removed when a worker starts (a killed worker leaves them). */
export const replicaFilePrefix = 'replica-';

export function openWorkerRuntime(options: WorkerRuntimeOptions): WorkerRuntime {
  const file = path.join(options.directory, `${replicaFilePrefix}${options.snapshot.digest}.sqlite`);
  removeReplica(file);
  const db = openDatabase({ file });
  const disposables: (() => void)[] = [];
  const dispose = () => {
    for (const each of disposables.splice(0).reverse()) each();
    db.close();
    removeReplica(file);
  };
  try {
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (schema !== options.snapshot.schemaVersion) {
      throw new Error(
        `the main's database is at schema ${String(options.snapshot.schemaVersion)}, this worker's at ` +
          `${String(schema)}: run the same version of Runbook Designer on the main and the workers`,
      );
    }
    writeRunSnapshot(db, options.snapshot);
    const secrets = createSecretStore(createKeyringRepository(db), options.keyProvider);
    const writes = createWriteBehind(db, {
      onError: (error) => options.log(`a replica write failed: ${error.message}`),
    });
    disposables.push(() => writes.flush());
    const side = wireIntegrationSide({
      db,
      events: createEventBus(),
      secrets,
      writes,
      log: options.log,
      disposables,
      recordCall: options.recordCall,
      rateLimiter: options.rateLimiter,
    });
    const runbooks = options.snapshot.runbooks;
    const engine = createEngine({
      hooks: options.hooks,
      capabilities: {
        sendMethod: (input) => side.methods.sendForRun(input),
        rehearseMethod: (input) => side.methods.rehearseForRun(input),
        loadRunbook: (id, { isPublishedRun }) => runbooks[loadedRunbookKey(id, isPublishedRun)] ?? undefined,
        sleep: cancellableSleep,
        readConfigValues: side.configValues,
      },
    });
    return { engine, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** Removes a worker's replica files left by an earlier start (a killed worker cannot). */
export function removeReplicas(directory: string): void {
  for (const name of fs.existsSync(directory) ? fs.readdirSync(directory) : []) {
    if (name.startsWith(replicaFilePrefix)) fs.rmSync(path.join(directory, name), { force: true });
  }
}

function removeReplica(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}
