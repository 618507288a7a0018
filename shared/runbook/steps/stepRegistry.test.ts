import { describe, expect, it } from 'vitest';
import { edgeSchema } from '../runbookGraph';
import { stepRegistry, stepSchema, stepTypeNames } from './stepRegistry';

describe('the step registry', () => {
  it('files each declaration under its own type, in palette order', () => {
    expect(Object.keys(stepRegistry)).toEqual(stepTypeNames);
    for (const type of stepTypeNames) expect(stepRegistry[type].type).toBe(type);
  });

  it('gives every type a new step its schema accepts once its references are chosen', () => {
    for (const type of stepTypeNames) {
      const step = { id: 'fresh', name: stepRegistry[type].label, type, ...stepRegistry[type].newSettings() };
      const problems = stepSchema.safeParse(step).error?.issues ?? [];
      expect(
        problems.map((problem) => problem.message).filter((message) => !message.startsWith('Choose a ')),
        type,
      ).toEqual([]);
    }
  });

  it('declares exits that are edge kinds, the optional ones among them', () => {
    for (const type of stepTypeNames) {
      const { outgoing, optional } = stepRegistry[type];
      for (const kind of outgoing) expect(edgeSchema.shape.kind.safeParse(kind).success).toBe(true);
      for (const kind of optional) expect(outgoing).toContain(kind);
    }
  });

  it('has exactly one type where runs begin', () => {
    expect(stepTypeNames.filter((type) => stepRegistry[type].isStart === true)).toEqual(['start']);
  });
});
