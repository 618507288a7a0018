import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { stepTypeNames, stepTypes } from '../../../../../shared/runbook/stepTypes';
import { partNameOf } from '../../../app/refusalPlace';
import { stepViews } from './stepViews';

/** Settings no type's form labels: the id, the name (the inspector's own field) and a time limit no form shows. */
const labelledElsewhere = ['id', 'name', 'type', 'timeoutSeconds'];

describe('the designer step registry', () => {
  it('has an inspector form for every step type the shared registry declares, and no other', () => {
    expect(
      Object.keys(stepViews).sort(),
      'each type of stepRegistry.ts has its form (steps/<type>.tsx) listed in stepViews.ts',
    ).toEqual([...stepTypeNames].sort());
    for (const type of stepTypeNames) expect(typeof stepViews[type].Form, type).toBe('function');
  });

  it('labels every setting of each step type as its form shows it, for a refused save to name', () => {
    // A type with no form at all is the test above's to name.
    for (const type of stepTypeNames.filter((name) => Object.hasOwn(stepViews, name))) {
      const { partNames } = stepViews[type].Form;
      expect(partNames, `${type}: its form has no partNames`).toBeTypeOf('object');
      const { shape } = stepTypes[type].schema as unknown as z.ZodObject;
      const unlabelled = Object.keys(shape).filter(
        (key) => !labelledElsewhere.includes(key) && partNameOf(key, partNames) === undefined,
      );
      expect(unlabelled, `${type}: settings its form's partNames do not label`).toEqual([]);
      for (const label of Object.values(partNames)) expect(label.trim(), type).not.toBe('');
    }
  });
});
