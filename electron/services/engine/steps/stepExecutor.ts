/** What a step type declares in the engine: how a step of that type runs. */
import type { PinValue } from '../../../../shared/rehearsal/rehearsal';
import type { Step } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';

/** The engine's part of one step type (its shared part is shared/runbook/steps/<type>.ts). */
export interface StepExecutor<S extends Step> {
  /** Runs the step in the run's context; the outcome's edge picks the way on. */
  execute(step: S, context: ExecutionContext): Promise<StepOutcome>;
  /**
   * The step's outcome in a designer run that pinned it (its pin already checked against the step,
   * see shared/rehearsal/stepPins.ts): nothing of the step runs. Without this, a pin is the run's
   * response source's to answer (Execute method: a dry run still builds the request it holds back).
   */
  executePinned?(step: S, pin: PinValue, context: ExecutionContext): StepOutcome;
}
