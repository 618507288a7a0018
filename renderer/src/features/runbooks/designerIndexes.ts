/**
 * Indexes derived from the graph and the problems, built once per version (an edit makes a new
 * steps or issues array; a move keeps the steps array) and shared by every node on the canvas,
 * so each node finds its step and its problem count in O(1) instead of scanning the lists; and
 * the store's selectors that read them.
 */
import type { Step } from '../../../../shared/runbook/stepTypes';
import type { DesignerState } from './designerState';

const stepIndexes = new WeakMap<readonly Step[], ReadonlyMap<string, Step>>();
const issueIndexes = new WeakMap<DesignerState['issues'], ReadonlyMap<string, number>>();

/** The open graph's steps by id. */
export function stepIndexOf(steps: readonly Step[]): ReadonlyMap<string, Step> {
  let index = stepIndexes.get(steps);
  if (index === undefined) {
    index = new Map(steps.map((step) => [step.id, step]));
    stepIndexes.set(steps, index);
  }
  return index;
}

/** How many problems each step has. */
function issueCountsOf(issues: DesignerState['issues']): ReadonlyMap<string, number> {
  let counts = issueIndexes.get(issues);
  if (counts === undefined) {
    const built = new Map<string, number>();
    for (const { stepId } of issues) if (stepId !== null) built.set(stepId, (built.get(stepId) ?? 0) + 1);
    issueIndexes.set(issues, built);
    counts = built;
  }
  return counts;
}

/** One step of the open graph; the same object until that step is edited. */
export const selectStep = (state: DesignerState, stepId: string): Step | undefined =>
  state.graph === null ? undefined : stepIndexOf(state.graph.steps).get(stepId);

export const selectIssueCount = (state: DesignerState, stepId: string): number =>
  issueCountsOf(state.issues).get(stepId) ?? 0;

/** Selectors for what the toolbar shows. */
export const selectCanUndo = (state: DesignerState): boolean => state.history.past.length > 0;
export const selectCanRedo = (state: DesignerState): boolean => state.history.future.length > 0;
