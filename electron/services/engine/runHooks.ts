/**
 * The engine's lifecycle hooks: what it tells its host as a run goes (run queued and started,
 * each step started and finished, run finished), and the two questions it asks (may the run go
 * on before this step; is this step's start safe on disk before its request changes another
 * system). The engine records nothing itself: the host's hooks write the records and publish
 * the events (see electron/services/runs/runRecorder.ts).
 *
 * Every value a hook is handed is already masked (a webhook's credential is ••••) and bounded
 * (bodies cut to 64 KB) the way a run record keeps it. Hooks are called synchronously, once per
 * step each, in the order things happen; they must not hold the run up.
 */
import type { RateLimitWait } from '../../../shared/domain/rateLimitWait';
import type { TriggerKind } from '../../../shared/domain/triggerKind';
import type { RunMode } from '../../../shared/rehearsal/rehearsal';

/** A run accepted by the engine, before anything of it has run. */
export interface QueuedRun {
  runId: string;
  runbookId: string;
  versionId: string | null;
  trigger: TriggerKind;
  clientName: string;
  inputs: Record<string, unknown>;
  triggerBody: unknown;
  queuedAt: string;
  /** The run this one repeats, and the step it starts from reusing earlier outputs. */
  rerunOf: string | null;
  resumedFromStep: string | null;
  /** How it treats requests: sent, a dry run, or a test case's replay. */
  mode: RunMode;
  /** The run group it is one client's run of, or null. */
  groupId: string | null;
  /** The Run runbook step whose child this run is, or null. */
  parent: StepRef | null;
  /** The caller chose the id (it may be taken); otherwise the engine made a new UUID. */
  isIdGiven: boolean;
}

/** A step the engine is about to run (or, when resuming, takes over from an earlier run). */
export interface StartedStep {
  runId: string;
  seq: number;
  stepId: string;
  stepType: string;
  startedAt: string;
}

/** A step that has finished: its record as run history keeps it. */
export interface FinishedStep extends StartedStep {
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  request: unknown;
  response: unknown;
  outputs: Record<string, unknown>;
  error: string | null;
  finishedAt: string;
  durationMs: number;
  /** Its request may have reached the API unanswered (see StepOutcome): its record keeps its mark. */
  isArrivalUnknown?: boolean;
  /** Its request never left (see StepOutcome): its record drops its mark, even when cancelled. */
  isNeverSent?: boolean;
}

/** A run's end. */
export interface FinishedRun {
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
  /** The message of the End step it ended at (bounded like a record), or null: the run's result. */
  message: string | null;
  finishedAt: string;
}

/** One step of one run: a Run runbook step names the step of its parent run this way. */
export interface StepRef {
  runId: string;
  seq: number;
}

/**
 * The step whose request waits: its name, and the Run runbook steps that started its run,
 * outermost first (they wait with it). Made only when a request waits.
 */
export interface WaitingStep extends StepRef {
  stepName: string;
  ancestors: readonly StepRef[];
}

export interface RunHooks {
  /**
   * A run was accepted. Throwing refuses it: `engine.start` throws the same error and nothing
   * runs (a run whose record cannot be written does not start).
   */
  runQueued(run: QueuedRun): void;
  runStarted(runId: string, startedAt: string): void;
  /** A run already recorded is taken up again after a restart (it was waiting for an approval). */
  runContinued?(runId: string): void;
  /** The inputs the steps see once defaults and types applied, when they differ from those given. */
  inputsPrepared(runId: string, inputs: Record<string, unknown>): void;
  stepStarted(step: StartedStep): void;
  /**
   * The running step's request started waiting before it leaves (for its integration's rate
   * limit, or a Retry-After pause), or stopped waiting (null). Called only when it waits.
   */
  stepWaiting?(step: WaitingStep, wait: RateLimitWait | null): void;
  stepFinished(step: FinishedStep): void;
  runFinished(run: FinishedRun): void;
  /**
   * Asked before each step: why the run must stop here (its records could not be kept), or
   * undefined to go on. The run fails with that message.
   */
  stopBeforeStep(runId: string, stepName: string): string | undefined;
  /**
   * Called just before the running step sends a request that may change another system: the
   * request goes out only once this resolves (its start record is on disk, marked as possibly
   * sent, with the steps of `ancestors` that started this run). A rejection fails the step
   * without sending.
   */
  beforeChangingRequest(step: StepRef, ancestors: readonly StepRef[], signal: AbortSignal): Promise<void>;
}
