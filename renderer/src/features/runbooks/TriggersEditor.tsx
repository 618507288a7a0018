/**
 * The Start step's triggers (PRODUCT.md §4): the webhook (its address, authentication, write-only
 * secret, payload → input mapping) and the schedule (cron with time zone, active or paused, the
 * next five times, missed runs), with the log of their latest deliveries and firings. Settings
 * live in the Start step, so they save, undo and export with the graph; only the secret is kept
 * apart, encrypted by the backend. Webhook and schedule follow the latest available published
 * version, which the panel names. The parts live in ./triggers/.
 */
import type { ReactElement, ReactNode } from 'react';
import type { TriggerStatus } from '../../../../shared/domain/runbook';
import { useCall } from '../../api/resources';
import {
  scheduleTriggerSchema,
  webhookTriggerSchema,
  type StartStep,
  type Step,
} from '../../../../shared/runbook/stepTypes';
import { useDesignerStore, type StepEditOptions } from './designerStore';
import { ScheduleSettings } from './triggers/ScheduleSettings';
import { TriggerLog } from './triggers/TriggerLog';
import { useTriggerStatus } from './triggers/useTriggerStatus';
import { WebhookSettings } from './triggers/WebhookSettings';
import './triggers.css';

const selectRunbookId = (state: ReturnType<typeof useDesignerStore.getState>) => state.runbook?.id;

/** Which published version webhook and schedule run: the draft's settings apply once published, but for its switches. */
function TriggerVersionNote({
  status,
  hasVersions,
}: {
  status: TriggerStatus | null;
  /** Some version was published (every one may be switched off). */
  hasVersions: boolean;
}): ReactElement | null {
  if (status === null) return null;
  if (status.version === null) {
    return (
      <p className="hint warn-text version-trigger-note" role="note">
        {hasVersions
          ? 'No published version is available: every one is switched off, so the webhook refuses its deliveries and the schedule does not run. Switch one on, or publish (Versions, in the bar above).'
          : 'Not published yet: publish to switch the webhook and schedule on (Versions, in the bar above).'}
      </p>
    );
  }
  return (
    <p className="hint version-trigger-note" role="note">
      Webhook and schedule run version {status.version.number} (published{' '}
      <time dateTime={status.version.publishedAt}>
        {new Date(status.version.publishedAt).toLocaleString()}
      </time>
      ). Switching the webhook on or off and pausing the schedule apply at once; publish to apply other
      changes made since.
    </p>
  );
}

/** A trigger's fieldset: a checkbox legend that switches it on, and its settings while on. */
function TriggerFieldset({
  label,
  isEnabled,
  onToggle,
  children,
}: {
  label: string;
  isEnabled: boolean;
  onToggle: (isEnabled: boolean) => void;
  children: ReactNode;
}): ReactElement {
  return (
    <fieldset className="field-group">
      <legend>
        <label className="checkbox">
          <input type="checkbox" checked={isEnabled} onChange={(event) => onToggle(event.target.checked)} />
          {label}
        </label>
      </legend>
      {isEnabled && children}
    </fieldset>
  );
}

/** The Start step's Triggers section in the inspector. */
export function TriggersEditor({
  step,
  onChange,
}: {
  step: StartStep;
  onChange: (next: Step, options?: StepEditOptions) => void;
}): ReactElement | null {
  const runbookId = useDesignerStore(selectRunbookId);
  const { status, refresh } = useTriggerStatus(runbookId);
  const versions = useCall(
    'runbooks.versions',
    { id: runbookId ?? '' },
    { isEnabled: runbookId !== undefined },
  );
  if (runbookId === undefined) return null;
  const webhook = step.webhook ?? webhookTriggerSchema.parse({});
  const schedule = step.schedule ?? scheduleTriggerSchema.parse({});
  return (
    <div className="triggers-editor">
      <h3>Triggers</h3>
      <p className="hint">
        The Run button always works and runs the draft. Add a webhook or a schedule to run without you.
      </p>
      <TriggerVersionNote status={status} hasVersions={(versions.data?.length ?? 0) > 0} />
      <TriggerFieldset
        label="Webhook"
        isEnabled={webhook.isEnabled}
        onToggle={(isEnabled) => onChange({ ...step, webhook: { ...webhook, isEnabled } })}
      >
        <WebhookSettings
          runbookId={runbookId}
          webhook={webhook}
          status={status}
          onChange={(next, options) => onChange({ ...step, webhook: next }, options)}
          onSecretSaved={refresh}
        />
      </TriggerFieldset>
      <TriggerFieldset
        label="Schedule"
        isEnabled={schedule.isEnabled}
        onToggle={(isEnabled) => onChange({ ...step, schedule: { ...schedule, isEnabled } })}
      >
        <ScheduleSettings
          runbookId={runbookId}
          schedule={schedule}
          status={status}
          onChange={(next) => onChange({ ...step, schedule: next })}
        />
      </TriggerFieldset>
      <TriggerLog status={status} />
    </div>
  );
}
