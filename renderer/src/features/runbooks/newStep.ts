/** A fresh step of each type, with an id unique in the graph, for the palette. */
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { Step, StepType } from '../../../../shared/runbook/stepTypes';
import { stepTypes } from '../../../../shared/runbook/stepTypes';

export function uniqueStepId(graph: RunbookGraph, type: StepType): string {
  const base = type.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const taken = new Set(graph.steps.map((step) => step.id));
  for (let index = 1; ; index += 1) {
    const id = `${base}_${String(index)}`;
    if (!taken.has(id)) return id;
  }
}

export function newStep(graph: RunbookGraph, type: StepType): Step {
  const id = uniqueStepId(graph, type);
  const name = stepTypes[type].label;
  switch (type) {
    case 'start':
      return { id, name, type };
    case 'method':
      return { id, name, type, methodId: '', configuration: { mode: 'primary' }, arguments: {} };
    case 'condition':
      return { id, name, type, combine: 'all', rules: [{ left: '', operator: 'equals', right: '' }] };
    case 'setVariables':
      return { id, name, type, assignments: [] };
    case 'delay':
      return { id, name, type, seconds: '1' };
    case 'forEach':
      return { id, name, type, items: '', itemVariable: 'item' };
    case 'runRunbook':
      return { id, name, type, runbookId: '', inputs: {} };
    case 'end':
      return { id, name, type, outcome: 'succeeded', message: '' };
  }
}
