import { describe, expect, it } from 'vitest';
import { edgeSchema } from '../runbookGraph';
import type { ReferenceIds, ReferenceNames } from './stepReferences';
import { descriptorNamed, stepRegistry, stepSchema, stepTypeNames, type Step } from './stepRegistry';

/** Names that carry the id they stand for, and ids read back from them. */
const namesCarryingIds: ReferenceNames = {
  method: (methodId) => ({ integration: 'Integration', name: methodId }),
  runbook: (runbookId) => runbookId,
  configuration: (configurationId) => configurationId,
};
const idsFromNames: ReferenceIds = {
  method: (_integration, name) => name,
  runbook: (name) => name,
  configuration: (_integration, name) => name,
};

/** A step of the type with its settings from the palette and every reference chosen. */
function chosenStep(type: Step['type']): Step {
  const settings: Record<string, unknown> = { ...stepRegistry[type].newSettings() };
  for (const key of Object.keys(settings)) if (key.endsWith('Id')) settings[key] = `${key}-1`;
  return stepSchema.parse({ id: 'chosen', name: stepRegistry[type].label, type, ...settings });
}

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

  it('declares what a type refers to when its settings hold the id of something else', () => {
    for (const type of stepTypeNames) {
      // A Wait for approval's optional Notify request (null in a new step) names a method.
      const holdsId =
        type === 'approval' ||
        Object.keys(stepRegistry[type].newSettings()).some((key) => key.endsWith('Id'));
      expect(stepRegistry[type].references !== undefined, type).toBe(holdsId);
    }
  });

  it('reads back from a file the step it wrote there, naming in the file the ids it refers to', () => {
    for (const type of stepTypeNames) {
      const step = chosenStep(type);
      const references = descriptorNamed(type)?.references;
      if (references === undefined) continue;
      const written = references.file.write(step, namesCarryingIds);
      expect(references.file.referencesSchema.safeParse(written).success, type).toBe(true);
      expect(stepSchema.parse(references.file.read(written, idsFromNames)), type).toEqual(step);
      const names = references.file.namesIn(written);
      const ids = references.idsOf(step);
      expect(
        names.methods.map((method) => method.name),
        type,
      ).toEqual(ids.methodIds);
      expect(names.runbooks, type).toEqual(ids.runbookIds);
    }
  });

  it('knows no type by a name that is not one', () => {
    expect(descriptorNamed('constructor')).toBeUndefined();
    expect(descriptorNamed('method')?.type).toBe('method');
  });
});
