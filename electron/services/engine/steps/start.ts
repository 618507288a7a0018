/** Start: the run begins here and goes on along "next" (the triggers act before the run). */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { StepExecutor } from './stepExecutor';

export const startExecutor: StepExecutor<StepOf<'start'>> = {
  execute: () => Promise.resolve({ status: 'succeeded', edge: 'next' }),
};
