/**
 * The engine's pause gate (PRODUCT.md §8 "debugging"): before each step, a debug run asks its
 * gate whether to pause there, and waits until the gate lets it go on or says why it must stop.
 * The executor loop awaits the gate; executors know nothing of it. Only runs started from the
 * designer's Debug button have one (see debugSession.ts).
 */
import type { Step } from '../../../shared/runbook/stepTypes';
import type { RunScope } from './executionContext';
import type { RecordMask } from './recordMask';

/** The step a run is about to take, with the run context it will see. */
export interface PausePoint {
  runId: string;
  seq: number;
  step: Step;
  /** The run's live context: read it while paused, never change it. */
  scope: RunScope;
  /** The run's cancellation: a cancel while paused lets the run end as cancelled. */
  signal: AbortSignal;
  /** How the run masks what it records (a webhook's credential as ••••). */
  mask: RecordMask;
}

export interface PauseGate {
  /**
   * Undefined: run the step now (no waiting, the usual case). Else a promise that settles when
   * the run may go on (undefined) or must stop, with the reason it ends cancelled with.
   */
  beforeStep(point: PausePoint): Promise<string | undefined> | undefined;
  /** The run has ended, however it ended: nothing waits any more. */
  runEnded(): void;
}
