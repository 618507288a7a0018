import { describe, expect, it } from 'vitest';
import { stepTypeNames } from '../../../../shared/runbook/steps/stepRegistry';
import { stepExecutors } from './stepExecutors';

describe('the engine step registry', () => {
  it('has an executor for every step type the shared registry declares, and no other', () => {
    expect(
      Object.keys(stepExecutors).sort(),
      'each type of stepRegistry.ts has its executor (engine/steps/<type>.ts) listed in stepExecutors.ts',
    ).toEqual([...stepTypeNames].sort());
  });
});
