/**
 * Wait for approval's inspector form: the message the approver reads (a template), how long to
 * wait (a number and a unit, kept as minutes), who should decide with what to check first, and
 * the optional Notify request — a method sent when the wait starts, whose fields also offer
 * {{approval.link}}, {{approval.message}} and {{approval.expiresAt}}. The Notify request can be
 * tested from here, as an Execute method step can, with examples for what only a waiting run makes.
 */
import { useState, type ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { approvalNotifyVariables, type ApprovalNotify } from '../../../../../shared/runbook/steps/approval';
import { useCall } from '../../../api/resources';
import { useDesignerStore } from '../designerStore';
import { useMethodCatalog, type CatalogMethod } from '../methodCatalog';
import { MethodPicker } from '../methodFromStep/MethodPicker';
import { StepTestDialog } from '../methodFromStep/StepTestDialog';
import { testedNotify } from './testedNotify';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';
import { ConfigurationChoice } from './methodConfiguration';
import { templateGivenTo } from '../../../../../shared/runbook/steps/stepFields';

type ApprovalStep = StepOf<'approval'>;

const units = [
  { name: 'days', minutes: 24 * 60 },
  { name: 'hours', minutes: 60 },
  { name: 'minutes', minutes: 1 },
] as const;

/** The largest unit the timeout is a whole number of, so 1440 minutes reads "1 days". */
function unitOf(minutes: number): (typeof units)[number] {
  return units.find((unit) => minutes > 0 && minutes % unit.minutes === 0) ?? units[2];
}

export function ApprovalForm({ step, onChange }: StepFormProps<ApprovalStep>): ReactElement {
  const unit = unitOf(step.timeoutMinutes);
  const setTimeout = (amount: number, minutesPerUnit: number) =>
    onChange({
      ...step,
      timeoutMinutes: Number.isFinite(amount) ? Math.max(0, Math.round(amount * minutesPerUnit)) : 0,
    });
  return (
    <>
      <TemplateField
        label="Message"
        value={step.message}
        onChange={(message) => onChange({ ...step, message })}
      />
      <div className="rule">
        <label className="inline-label">
          Timeout
          <input
            type="number"
            min={1}
            value={step.timeoutMinutes / unit.minutes}
            onChange={(event) => setTimeout(Number.parseInt(event.target.value, 10), unit.minutes)}
          />
        </label>
        <label className="inline-label">
          Unit
          <select
            value={unit.name}
            onChange={(event) => {
              const chosen = units.find((candidate) => candidate.name === event.target.value) ?? unit;
              setTimeout(step.timeoutMinutes / unit.minutes, chosen.minutes);
            }}
          >
            {units.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">
        Past the timeout the run takes the <strong>timed out</strong> exit (1 minute to 30 days).
      </p>
      <label className="inline-label">
        Who decides
        <input
          value={step.approvers}
          maxLength={500}
          onChange={(event) => onChange({ ...step, approvers: event.target.value })}
        />
      </label>
      <label className="inline-label">
        Instructions
        <textarea
          value={step.instructions}
          maxLength={5_000}
          rows={3}
          onChange={(event) => onChange({ ...step, instructions: event.target.value })}
        />
      </label>
      <NotifyFields step={step} onChange={onChange} />
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
ApprovalForm.partNames = {
  message: 'Message',
  timeoutMinutes: 'Timeout',
  approvers: 'Who decides',
  instructions: 'Instructions',
  notify: 'Notify',
  'notify.methodId': 'Notify method',
  'notify.configuration': 'Notify configuration',
  'notify.arguments': 'Notify method variables',
  // Each variable's field is labelled with its name.
  'notify.arguments.*': '*',
  'notify.onFailure': 'If the Notify request fails',
} satisfies PartNames;

const newNotify: ApprovalNotify = {
  methodId: '',
  configuration: { mode: 'primary' },
  arguments: {},
  onFailure: 'fail',
};

/** The Notify request: off, or a method with a field per variable and what a failure does. */
function NotifyFields({ step, onChange }: StepFormProps<ApprovalStep>): ReactElement {
  const methods = useMethodCatalog();
  const notify = step.notify;
  const chosen = notify === null ? undefined : methods.find((method) => method.id === notify.methodId);
  const setNotify = (next: ApprovalNotify | null) => onChange({ ...step, notify: next });
  return (
    <fieldset className="field-group approval-notify">
      <legend>Notify</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={notify !== null}
          onChange={(event) => setNotify(event.target.checked ? newNotify : null)}
        />
        Send a request when the wait starts (post the link to a ticket or a chat)
      </label>
      {notify !== null && (
        <>
          <MethodPicker
            label="Notify method"
            methods={methods}
            chosenId={notify.methodId}
            onChoose={(method) => setNotify({ ...notify, methodId: method.id })}
          />
          {chosen !== undefined && <TestNotifyButton step={step} notify={notify} method={chosen} />}
          {chosen !== undefined && (
            <ConfigurationChoice
              id={`${step.id}-notify`}
              label="Notify configuration"
              configuration={notify.configuration}
              integrationId={chosen.integrationId}
              onChange={(configuration) => setNotify({ ...notify, configuration })}
            />
          )}
          <p className="hint">
            Its fields may use <code>{'{{approval.link}}'}</code>, <code>{'{{approval.message}}'}</code> and{' '}
            <code>{'{{approval.expiresAt}}'}</code> besides the variables in scope.
          </p>
          {chosen?.variables.map((variable) => (
            <TemplateField
              key={variable}
              label={variable}
              value={templateGivenTo(notify.arguments, variable) ?? ''}
              extraVariables={approvalNotifyVariables}
              onChange={(value) =>
                setNotify({ ...notify, arguments: { ...notify.arguments, [variable]: value } })
              }
            />
          ))}
          <label className="inline-label">
            If the Notify request fails
            <select
              value={notify.onFailure}
              onChange={(event) =>
                setNotify({ ...notify, onFailure: event.target.value === 'wait' ? 'wait' : 'fail' })
              }
            >
              <option value="fail">Fail the step</option>
              <option value="wait">Wait anyway</option>
            </select>
          </label>
          <p className="hint">
            Failing, the run fails and the link stops working; waiting anyway, the failure shows on the run
            page.
          </p>
        </>
      )}
    </fieldset>
  );
}

type DesignerState = ReturnType<typeof useDesignerStore.getState>;
const selectRunbookId = (state: DesignerState) => state.runbook?.id ?? '';
const selectInputs = (state: DesignerState) => state.graph?.inputs;

/** Test Notify: sends the Notify request now, with the values a run would give it. */
function TestNotifyButton({
  step,
  notify,
  method,
}: {
  step: ApprovalStep;
  notify: ApprovalNotify;
  method: CatalogMethod;
}): ReactElement {
  const [testedAt, setTestedAt] = useState<Date | null>(null);
  const runbookId = useDesignerStore(selectRunbookId);
  const inputs = useDesignerStore(selectInputs);
  // Whether the webhook listener runs (it makes approval links): its address is null while it does not.
  const triggers = useCall('runbooks.triggers', { id: runbookId }, { isEnabled: testedAt !== null });
  return (
    <>
      <div className="method-actions">
        <button type="button" className="button button-small" onClick={() => setTestedAt(new Date())}>
          Test Notify
        </button>
      </div>
      {testedAt !== null && triggers.data !== undefined && (
        <StepTestDialog
          request={testedNotify(step, notify, testedAt, triggers.data.webhook.url !== null)}
          method={method}
          runbookId={runbookId}
          inputs={inputs ?? []}
          onClose={() => setTestedAt(null)}
        />
      )}
    </>
  );
}
