/**
 * Wires the backend's runbook side: the runbook repositories and their write notices, the run
 * recorder, approvals, the engine (engineSide.ts) and the runbook service that starts runs on it.
 * Part of the composition root (backend.ts): it builds and connects, nothing more.
 */
import type { TriggerKind } from '../../shared/domain/triggerKind';
import { createApprovalService } from './approvals/approvalService';
import type { Database } from './db/database';
import { createApprovalRepository } from './db/repositories/approvalRepository';
import { createPinRepository } from './db/repositories/pinRepository';
import { createRunbookRepository, type RunbookWrite } from './db/repositories/runbookRepository';
import { createRunbookVersionRepository } from './db/repositories/runbookVersionRepository';
import { createTestCaseRepository } from './db/repositories/testCaseRepository';
import { createDeletions } from './db/slices';
import { createWriteNotices } from './db/writeNotices';
import { wireEngineSide } from './engineSide';
import type { IntegrationSide } from './integrationSide';
import type { QueueConnection } from './queue/queueAddress';
import type { TeamSeal } from './queue/teamSeal';
import { rehearsalFor } from './rehearsal/rehearsalFor';
import { createPublishedVersions } from './runbooks/publishedVersions';
import { createRunbookLoader } from './runbooks/runbookLoader';
import { beingDeleted, createRunbookService } from './runbooks/runbookService';
import { createRunRecorder } from './runs/runRecorder';
import { watchRunsElsewhere } from './runs/runsElsewhere';
import type { StorageSide } from './storageSide';

export interface RunbookSideDependencies {
  db: Database;
  storage: Pick<
    StorageSide,
    'events' | 'secrets' | 'writes' | 'runRepository' | 'folderProcess' | 'debugPauses'
  >;
  integrationSide: Pick<
    IntegrationSide,
    'methods' | 'configurations' | 'apiCalls' | 'configValues' | 'configFacts' | 'noteOfWait'
  >;
  /** Where approval links are served: the trigger service's webhook listener, made after this side. */
  linkBase: () => string | null;
  /** How runs started by hand are recorded: `cli` in the command line's backend. */
  manualTrigger: Extract<TriggerKind, 'manual' | 'cli'>;
  /** What must be disposed when the backend closes, in order of creation. */
  disposables: (() => void)[];
  log: (line: string) => void;
  /** Queue mode: runs go on the Redis queue for workers. */
  queue?: { address: string; connection: QueueConnection; seal: TeamSeal };
}

/** Builds the runbook side; what it returns is what the rest of the backend connects to. */
export function wireRunbookSide(deps: RunbookSideDependencies) {
  const stored = wireRunbookStorage(deps);
  return { ...stored, ...wireRunbookService(deps, stored) };
}

/** The runbooks' repositories, whose writes the windows hear, and the recorder of their runs. */
function wireRunbookStorage({ db, storage, disposables, integrationSide }: RunbookSideDependencies) {
  const { events, writes } = storage;
  // A runbook's details, draft or versions written: the windows hear it.
  const runbookWrites = createWriteNotices<RunbookWrite>();
  const runbookEvents = runbookWrites.onDidWrite((payload) =>
    events.emit({ name: 'runbooks.changed', payload }),
  );
  disposables.push(() => runbookEvents.dispose());
  const runbookRepository = createRunbookRepository(db, runbookWrites);
  const versionRepository = createRunbookVersionRepository(db, runbookWrites, writes);
  const published = createPublishedVersions(versionRepository);
  const pinRepository = createPinRepository(db);
  const testCaseRepository = createTestCaseRepository(db);
  // Runs still going when the backend closes stop writing; the next start marks them interrupted.
  // A runbook being deleted (its runs go a slice at a time) starts no run, from anywhere.
  const runbookDeletions = createDeletions();
  const recorder = createRunRecorder({
    runs: storage.runRepository,
    events,
    refusal: (runbookId) => (runbookDeletions.isGoing(runbookId) ? beingDeleted : undefined),
    noteOfWait: integrationSide.noteOfWait,
    runbookNameOf: (runbookId) => runbookRepository.get(runbookId)?.name,
  });
  const transaction = <T>(fn: () => T): T => db.transaction(fn)();
  return {
    runbookWrites,
    runbookRepository,
    versionRepository,
    published,
    pinRepository,
    testCaseRepository,
    runbookDeletions,
    recorder,
    transaction,
  };
}

/** Approvals, the engine and the runbook service, which start runs on each other. */
function wireRunbookService(deps: RunbookSideDependencies, stored: ReturnType<typeof wireRunbookStorage>) {
  const { db, storage, disposables } = deps;
  const { methods, configurations } = deps.integrationSide;
  const { runbookRepository, published, pinRepository } = stored;
  const runs = storage.runRepository;
  const approvalRepository = createApprovalRepository(db, storage.writes);
  const approvals = createApprovalService({
    approvals: approvalRepository,
    runs,
    events: storage.events,
    secrets: storage.secrets,
    linkBase: deps.linkBase,
    processes: storage.folderProcess,
  });
  disposables.push(() => approvals.close());
  // Run runbook steps: the engine runs runbooks, which start runs on the engine.
  const loadRunbook = createRunbookLoader({
    runbooks: runbookRepository,
    published,
    problemOf: (graph, options) => runbooks.problemOf(graph, options),
  });
  const { engine, queued, cancelsElsewhere } = wireEngineSide({
    db,
    events: storage.events,
    writes: storage.writes,
    runs,
    hooks: stored.recorder.hooks,
    methods,
    readConfigValues: deps.integrationSide.configValues,
    approvals,
    loadRunbook,
    hasPins: (runbookId) => pinRepository.valuesOf(runbookId).size > 0,
    recordCall: (call) => deps.integrationSide.apiCalls.record(call),
    disposables,
    log: deps.log,
    ...(deps.queue === undefined ? {} : { queue: deps.queue }),
  });
  // The windows of this process see the runs another process on the data folder records.
  const runsElsewhere = watchRunsElsewhere({
    db,
    owner: storage.folderProcess.name,
    events: storage.events,
    pauses: storage.debugPauses,
    log: deps.log,
  });
  disposables.push(() => runsElsewhere.dispose());
  const runbooks = createRunbookService({
    runbooks: runbookRepository,
    runs,
    engine,
    transaction: stored.transaction,
    rehearsalFor: (mode, usePins) => rehearsalFor(mode, usePins, (id) => pinRepository.valuesOf(id)),
    manualRunTrigger: deps.manualTrigger,
    versionGraph: (versionId) => published.publishedGraph(versionId),
    methodIntegrationId: (methodId) => methods.integrationIdOf(methodId),
    configurationIdByName: (integrationId, name) => configurations.idByName(integrationId, name),
    methodFacts: methods.facts,
    configFacts: deps.integrationSide.configFacts,
    published,
    deletions: stored.runbookDeletions,
    cancelElsewhere: (runId) => cancelsElsewhere.request(runId),
  });
  return { approvalRepository, approvals, loadRunbook, engine, queued, runbooks, cancelsElsewhere };
}

/** What the runbook side hands the rest of the backend. */
export type RunbookSide = ReturnType<typeof wireRunbookSide>;
