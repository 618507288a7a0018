import { describe, expect, it } from 'vitest';
import { descriptorNamed, stepTypeNames } from '../../../../shared/runbook/steps/stepRegistry';
import { stepExecutors } from './stepExecutors';

describe('the engine step registry', () => {
  it('has an executor for every step type the shared registry declares, and no other', () => {
    expect(
      Object.keys(stepExecutors).sort(),
      'each type of stepRegistry.ts has its executor (engine/steps/<type>.ts) listed in stepExecutors.ts',
    ).toEqual([...stepTypeNames].sort());
  });

  it('answers a pin in the executor of every type that may be pinned', () => {
    // Without executePinned a pinned step runs for real in a designer run, and nothing else
    // tells; Execute method's pin is answered by the run's response source instead (its record
    // is its call).
    const missing = stepTypeNames.filter((type) => {
      const descriptor = descriptorNamed(type);
      return (
        descriptor?.pin !== undefined &&
        descriptor.recordIsItsCall !== true &&
        stepExecutors[type].executePinned === undefined
      );
    });
    expect(
      missing,
      'each type whose declaration has `pin` declares executePinned in engine/steps/<type>.ts',
    ).toEqual([]);
  });
});
