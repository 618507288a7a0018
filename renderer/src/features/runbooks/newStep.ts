/** A fresh step of a type (its declared new-step settings), with an id unique in the graph, for the palette. */
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { stepTypes, type Step, type StepType } from '../../../../shared/runbook/stepTypes';

export function uniqueStepId(graph: RunbookGraph, type: StepType): string {
  const base = type.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const taken = new Set(graph.steps.map((step) => step.id));
  for (let index = 1; ; index += 1) {
    const id = `${base}_${String(index)}`;
    if (!taken.has(id)) return id;
  }
}

export function newStep(graph: RunbookGraph, type: StepType): Step {
  const descriptor = stepTypes[type];
  // The type's own defaults, with a fresh id and the type's label as the name.
  return { id: uniqueStepId(graph, type), name: descriptor.label, type, ...descriptor.newSettings() } as Step;
}
