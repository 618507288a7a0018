/**
 * A refusal of the draft's save, as the designer shows it (refusalPlace.ts): the API names the
 * field by its path in the draft (`draft.steps.0.webhook.signaturePrefix`), which the message
 * reaching the window has lost. The step it is in is found by its place in the saved graph, and
 * the part is named as the inspector labels it ("Webhook signature prefix: At most 40
 * characters."), so the inspector of that step can say it where the user edits it.
 */
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { messageOf } from '../../app/errorMessage';
import { AppError } from '../../../../shared/api/appError';
import { namedMessage, partNameOf, type PartNames } from '../../app/refusalPlace';

/** A step's parts by path in the step, as the inspector labels them. */
const stepPartNames: PartNames = {
  name: 'Step name',
  webhook: 'Webhook',
  'webhook.username': 'Webhook user name',
  'webhook.signatureHeader': 'Webhook signature header',
  'webhook.signaturePrefix': 'Webhook signature prefix',
  'webhook.inputMapping': 'Webhook input mapping',
  'webhook.inputMapping.#.input': 'Webhook mapping # input',
  'webhook.inputMapping.#.path': 'Webhook mapping # JSONPath',
  schedule: 'Schedule',
  'schedule.expression': 'Schedule cron expression',
  'schedule.timeZone': 'Schedule time zone',
  'schedule.clients': 'Schedule clients',
  'schedule.clients.#': 'Schedule client #',
};

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

/** What the designer says of `caught`, a refusal of saving `graph` as the draft. */
export function draftRefusal(caught: unknown, graph: RunbookGraph): DraftRefusal {
  const message = messageOf(caught);
  const path = caught instanceof AppError ? (caught.field ?? '') : '';
  const inStep = /^draft\.steps\.(\d+)(?:\.(.+))?$/.exec(path);
  const step = inStep === null ? undefined : graph.steps[Number(inStep[1])];
  if (inStep === null || step === undefined) {
    const named = path.startsWith('draft.')
      ? namedMessage(partNameOf(path.slice('draft.'.length), draftPartNames), message)
      : message;
    return { stepId: null, message: named, fullMessage: named };
  }
  const named = namedMessage(partNameOf(inStep[2] ?? '', stepPartNames), message);
  return { stepId: step.id, message: named, fullMessage: `${step.name} · ${named}` };
}
