import { describe, expect, it } from 'vitest';
import { stepTypeNames } from '../../../../../shared/runbook/stepTypes';
import { stepViews } from './stepViews';

describe('the designer step registry', () => {
  it('has an inspector form for every step type the shared registry declares, and no other', () => {
    expect(Object.keys(stepViews).sort()).toEqual([...stepTypeNames].sort());
    for (const type of stepTypeNames) expect(typeof stepViews[type].Form, type).toBe('function');
  });
});
