/**
 * Wires the backend's engine: the one that runs runbooks in this process, and in queue mode the
 * queued engine in front of it, which hands runs to workers, takes their records back and
 * reconciles the runs it finds unfinished at start. Part of the composition root (backend.ts):
 * it builds and connects, nothing more.
 */
import type { ApprovalService } from './approvals/approvalService';
import type { Database } from './db/database';
import type { ApiCallRecord } from './db/repositories/apiCallRepository';
import type { RunRepository } from './db/repositories/runRepository';
import type { WriteBehind } from './db/writeBehind';
import { cancellableSleep } from './engine/cancellableSleep';
import { createEngine, type Engine } from './engine/engine';
import type { EngineCapabilities } from './engine/executionContext';
import type { RunHooks } from './engine/runHooks';
import type { EventBus } from './events/eventBus';
import type { MethodService } from './methods/methodService';
import { createRunInterrupter, unfinishedRunIds } from './queue/interruptRuns';
import type { QueueConnection } from './queue/queueAddress';
import { createQueuedEngine, type QueuedEngine } from './queue/queuedEngine';
import { runsOnMain } from './queue/runsOnMain';
import { takeRunSnapshot } from './queue/runSnapshot';
import { createCancelsElsewhere, type CancelsElsewhere } from './runs/cancelsElsewhere';
import type { TeamSeal } from './queue/teamSeal';

export interface EngineSideDependencies {
  db: Database;
  events: EventBus;
  writes: WriteBehind;
  runs: RunRepository;
  /** How runs are recorded and told about (the run recorder's hooks). */
  hooks: RunHooks;
  methods: Pick<MethodService, 'sendForRun' | 'rehearseForRun'>;
  /** The {{config.…}} values a run's step templates read, for its client. */
  readConfigValues: EngineCapabilities['readConfigValues'];
  approvals: Pick<ApprovalService, 'awaitApproval'>;
  loadRunbook: EngineCapabilities['loadRunbook'];
  /** Whether a runbook has pinned responses (its runs rehearse on the main, not on a worker). */
  hasPins: (runbookId: string) => boolean;
  /** The call log, where a worker's calls are recorded. */
  recordCall: (call: ApiCallRecord) => void;
  /** What must be disposed when the backend closes, in order of creation. */
  disposables: (() => void)[];
  log: (line: string) => void;
  /** Queue mode: runs go on the Redis queue for workers. */
  queue?: { address: string; connection: QueueConnection; seal: TeamSeal };
}

export function wireEngineSide(deps: EngineSideDependencies): {
  engine: Engine;
  queued: QueuedEngine | undefined;
  cancelsElsewhere: CancelsElsewhere;
} {
  const localEngine = createEngine({
    hooks: deps.hooks,
    capabilities: {
      sendMethod: (input) => deps.methods.sendForRun(input),
      rehearseMethod: (input) => deps.methods.rehearseForRun(input),
      loadRunbook: deps.loadRunbook,
      sleep: cancellableSleep,
      readConfigValues: deps.readConfigValues,
      awaitApproval: (request, signal) => deps.approvals.awaitApproval(request, signal),
    },
  });
  const interrupter = createRunInterrupter({
    db: deps.db,
    runs: deps.runs,
    events: deps.events,
    writes: deps.writes,
    log: deps.log,
  });
  const queued =
    deps.queue === undefined
      ? undefined
      : createQueuedEngine({
          ...deps.queue,
          local: localEngine,
          hooks: deps.hooks,
          recordCall: deps.recordCall,
          isUnfinished: (runId) => interrupter.isUnfinished(runId),
          holdsRun: (runId) => interrupter.holds(runId),
          // Rehearsals, and approvals (decided on the main: its link, its window), run here.
          runsHere: (input) => runsOnMain(input, { loadRunbook: deps.loadRunbook, hasPins: deps.hasPins }),
          snapshotOf: (input) =>
            takeRunSnapshot(deps.db, input.graph, input.versionId !== null, deps.loadRunbook),
          interrupt: (runIds, reason) => {
            interrupter.interrupt(runIds, reason);
          },
          log: deps.log,
        });
  if (queued !== undefined) {
    const unfinished = unfinishedRunIds(deps.db);
    void queued.ready
      .then(() => queued.reconcile(unfinished))
      .catch((error: unknown) => deps.log(`queue: ${(error as Error).message}`));
    deps.disposables.push(() => void queued.dispose());
  }
  const engine = queued ?? localEngine;
  // A run of another process on the data folder is cancelled there (runs/cancelsElsewhere.ts).
  const cancelsElsewhere = createCancelsElsewhere({
    db: deps.db,
    cancel: (runId) => engine.cancel(runId),
    log: deps.log,
  });
  deps.disposables.push(() => cancelsElsewhere.dispose());
  return { engine, queued, cancelsElsewhere };
}
