/**
 * A refusal of the draft's save (refusedDraftPart.ts), as the designer shows it (refusalPlace.ts):
 * the part is named as the form labels it — a step's part as its type's form declares
 * (`Form.partNames`, in each module of steps/, read through stepViews.ts: "Message: At most 2000
 * characters.", "Rule 2: value: …"), so the inspector of that step can say it where the user
 * edits it, and led by the step's name where no step is in view ("Done · Message: …").
 */
import { namedMessage, partNameOf, type PartNames } from '../../app/refusalPlace';
import type { RefusedDraftPart } from './refusedDraftPart';
import { stepViews } from './steps/stepViews';

/** The parts every step has, as the inspector labels them above its type's form. */
const commonStepPartNames: PartNames = { name: 'Step name' };

/** The draft's other parts by path in the draft. */
const draftPartNames: PartNames = {
  inputs: 'Inputs',
  'inputs.#': 'Input #',
  'inputs.#.name': 'Input # name',
  'inputs.#.defaultValue': 'Input # default',
  'inputs.#.description': 'Input # description',
};

/** A refused save: the step it is about (null: none), its message named for the inspector and for the bar. */
export interface DraftRefusal {
  stepId: string | null;
  /** Led by the part, for the inspector of the step: "Webhook signature prefix: …". */
  message: string;
  /** Led by the step too, for where no step is in view: "Start · Webhook signature prefix: …". */
  fullMessage: string;
}

/** What the designer says of a refused save of the draft. */
export function draftRefusal({ step, path, message }: RefusedDraftPart): DraftRefusal {
  if (step === null) {
    const named = namedMessage(path === '' ? undefined : partNameOf(path, draftPartNames), message);
    return { stepId: null, message: named, fullMessage: named };
  }
  const names = { ...commonStepPartNames, ...stepViews[step.type].Form.partNames };
  const named = namedMessage(path === '' ? undefined : partNameOf(path, names), message);
  return { stepId: step.id, message: named, fullMessage: `${step.name} · ${named}` };
}
