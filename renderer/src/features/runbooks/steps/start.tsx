/** Start's inspector form: the runbook's inputs and its triggers (webhook, schedule). */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { InputsEditor } from '../InputsEditor';
import { TriggersEditor } from '../TriggersEditor';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';

export function StartForm({ step, onChange }: StepFormProps<StepOf<'start'>>): ReactElement {
  return (
    <>
      <InputsEditor />
      <TriggersEditor step={step} onChange={onChange} />
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
StartForm.partNames = {
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
} satisfies PartNames;
