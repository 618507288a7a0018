/** What a run is started with and ends as, and what the engine needs of its host (engine.ts). */
import type { TriggerKind } from '../../../shared/domain/triggerKind';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { EngineCapabilities, OpenLoop } from './executionContext';
import type { PauseGate } from './pauseGate';
import type { Rehearsal } from './responseSource';
import type { RunHooks } from './runHooks';

export interface StartRunInput {
  /**
   * The run's id, when the caller chose it (a window that subscribes to the run's events before
   * it starts); else a new one. An id already in use is refused.
   */
  runId?: string;
  runbookId: string;
  versionId: string | null;
  graph: RunbookGraph;
  inputs: Record<string, unknown>;
  trigger: TriggerKind;
  client?: string;
  triggerBody?: unknown;
  /** How deep inside Run runbook steps this run is (0 for a top-level run). */
  depth?: number;
  /** The run this one repeats. */
  rerunOf?: string;
  /** Start at this step, with the records of the steps before it taken from the earlier run. */
  resume?: { fromStepId: string; reused: readonly ReusedStep[] };
  /**
   * Takes up a run of this very id that was waiting for an approval when the app stopped: its
   * record exists, so nothing is queued; the steps before `fromStepId` are not recorded again
   * (`earlier` puts their outputs back in scope) and the step runs again as record `atSeq`.
   */
  continued?: {
    fromStepId: string;
    atSeq: number;
    earlier: readonly ReusedStep[];
    /** The For each loops the step was inside, so the run goes on at the same iteration. */
    loops?: readonly OpenLoop[];
  };
  /**
   * Values the run may use but never records (a webhook's own credential mapped to an input):
   * they are •••• in its inputs, payload, step records, errors and call log, and in its children's.
   */
  maskedValues?: readonly string[];
  /**
   * The Run runbook steps that started this run, outermost first: when this run is about to send
   * a request that may change another system, they are marked as possibly sent too, so a re-run
   * of the outer run asks before repeating it.
   */
  ancestors?: readonly { runId: string; seq: number }[];
  /**
   * How the run rehearses (pins, dry run, replay; see responseSource.ts); its Run runbook steps'
   * children rehearse the same way. Absent: every request is sent.
   */
  rehearsal?: Rehearsal;
  /** The run group this run is one client's run of (run across clients). */
  groupId?: string;
  /**
   * A debug run's gate, asked before every step whether to pause there (see pauseGate.ts). Only
   * this run's own steps: a Run runbook step's child runs to its end as that one step.
   */
  pauseGate?: PauseGate;
}

/** An earlier run's record of a step, carried into a run that resumes after it. */
export interface ReusedStep {
  stepId: string;
  stepType: string;
  status: 'succeeded' | 'failed';
  outputs: Record<string, unknown>;
  request: unknown;
  response: unknown;
}

export interface RunResult {
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
  /** The message of the End step it ended at (see FinishedRun). */
  message: string | null;
  vars: Record<string, unknown>;
}

export interface Engine {
  start(input: StartRunInput): { runId: string; finished: Promise<RunResult> };
  cancel(runId: string): boolean;
}

export interface EngineDependencies {
  /** How the host records runs and tells about them (the engine records nothing itself). */
  hooks: RunHooks;
  capabilities: Omit<EngineCapabilities, 'runChild'>;
  now?: () => Date;
}
