/**
 * The designer's step registry: each step type's inspector form and, where it shows more than
 * its label, its node summary — under the same keys as the shared registry
 * (shared/runbook/steps/stepRegistry.ts). A step type is its module here plus one line.
 */
import type { ComponentType } from 'react';
import type { Step, StepOf, StepType } from '../../../../../shared/runbook/stepTypes';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepEditOptions } from '../designerStore';
import { ApprovalForm } from './approval';
import { ConditionForm } from './condition';
import { DelayForm } from './delay';
import { EndForm, EndNodeSummary } from './end';
import { ForEachForm } from './forEach';
import { MethodForm, MethodNodeSummary } from './method';
import { RunRunbookForm, RunRunbookNodeSummary } from './runRunbook';
import { SetVariablesForm } from './setVariables';
import { StartForm } from './start';
import { SwitchForm } from './switch';
import { StepTypeLine } from './StepTypeLine';

/** What a step's inspector form is given: the step, and where to send the edited step. */
export interface StepFormProps<S extends Step> {
  step: S;
  /** Typing in one field folds into one undo entry; adding or removing a part passes `isOwnUndoEntry`. */
  onChange: (next: Step, options?: StepEditOptions) => void;
}

/**
 * A step type's inspector form, with the labels of its settings' fields as it shows them, by path
 * in the step (`#` a row, numbered from 1; a last `*` a key, as refusalPlace.ts reads them): what
 * a refused save names ("Message: …", "Rule 2: value: …"). Every field of its schema but the id,
 * the name (the inspector's own) and a time limit no form shows has one (stepViews.test.ts).
 */
export type StepForm<S extends Step> = ComponentType<StepFormProps<S>> & { partNames: PartNames };

/** The designer's part of one step type (its shared part is shared/runbook/steps/<type>.ts). */
export interface StepView<S extends Step> {
  /** The settings of its type, under the step's name in the inspector, and their labels. */
  Form: StepForm<S>;
  /** The type line of its card on the canvas; without one, the type's label. */
  NodeSummary?: ComponentType<{ step: S }>;
}

export const stepViews: { readonly [T in StepType]: StepView<StepOf<T>> } = {
  start: { Form: StartForm },
  method: { Form: MethodForm, NodeSummary: MethodNodeSummary },
  condition: { Form: ConditionForm },
  switch: { Form: SwitchForm },
  setVariables: { Form: SetVariablesForm },
  delay: { Form: DelayForm },
  forEach: { Form: ForEachForm },
  runRunbook: { Form: RunRunbookForm, NodeSummary: RunRunbookNodeSummary },
  approval: { Form: ApprovalForm },
  end: { Form: EndForm, NodeSummary: EndNodeSummary },
};

/** The form and node summary of a step's own type, ready to take that step. */
export function viewOf(step: Step): Required<StepView<Step>> {
  // Each key holds its own type's view; TypeScript cannot follow that pairing from `step.type`
  // to the components' props, so it is asserted once, here.
  const view = stepViews[step.type] as StepView<Step>;
  return { NodeSummary: StepTypeLine, ...view };
}
