/** Delay: waits the resolved number of seconds (0 to a day), cut short by cancellation. */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { StepExecutor } from './stepExecutor';

export const delayExecutor: StepExecutor<StepOf<'delay'>> = {
  execute: async (step, context) => {
    const given = context.resolve(step.seconds);
    // Only a number or the text of one: Number() reads '', null and false as 0, true as 1.
    const seconds =
      typeof given === 'number' || (typeof given === 'string' && given.trim() !== '')
        ? Number(given)
        : Number.NaN;
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
      // No failure exit: the run stops here rather than go on as if it had waited.
      return {
        status: 'failed',
        edge: null,
        error: `The delay must be 0 to 86400 seconds, not ${JSON.stringify(given) ?? String(given)}.`,
      };
    }
    await context.capabilities.sleep(seconds * 1000, context.signal);
    return { status: 'succeeded', edge: 'next', outputs: { seconds } };
  },
  // No wait at all.
  executePinned: (_step, pin) => ({ status: 'succeeded', edge: 'next', outputs: pin.outputs }),
};
