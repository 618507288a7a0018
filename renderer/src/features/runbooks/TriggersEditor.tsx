/**
 * The Start step's triggers (PRODUCT.md §4): the webhook (its address, authentication, write-only
 * secret, payload → input mapping, latest deliveries) and the schedule (cron with time zone,
 * active or paused, the next five times, missed runs). Settings live in the Start step, so they
 * save, undo and export with the graph; only the secret is kept apart, encrypted by the backend.
 * Webhook and schedule follow the latest available published version, which the panel names.
 */
import { useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import type { TriggerStatus } from '../../../../shared/domain/runbook';
import { isValidTimeZone, nextTimes, parseCron } from '../../../../shared/schedule/cron';
import {
  scheduleTriggerSchema,
  webhookTriggerSchema,
  type ScheduleTrigger,
  type Step,
  type WebhookTrigger,
} from '../../../../shared/runbook/stepTypes';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { Icon } from '../../app/icons';
import { useNoticeStore } from '../../app/noticeStore';
import { useDesignerStore } from './designerStore';
import { useVersionsStore } from './versionsStore';
import './triggers.css';

type StartStep = Extract<Step, { type: 'start' }>;

const selectRunbookId = (state: ReturnType<typeof useDesignerStore.getState>) => state.runbook?.id;
const selectVersionsRevision = (state: ReturnType<typeof useVersionsStore.getState>) => state.revision;
const selectInputNames = (state: ReturnType<typeof useDesignerStore.getState>) =>
  (state.graph?.inputs ?? []).map((input) => input.name).join('\n');

const schedulePresets: readonly { label: string; expression: string }[] = [
  { label: 'Every minute', expression: '* * * * *' },
  { label: 'Every 5 minutes', expression: '*/5 * * * *' },
  { label: 'Every hour', expression: '0 * * * *' },
  { label: 'Every day at 09:00', expression: '0 9 * * *' },
  { label: 'Weekdays at 09:00', expression: '0 9 * * 1-5' },
  { label: 'Mondays at 08:00', expression: '0 8 * * 1' },
  { label: 'First of the month at 06:00', expression: '0 6 1 * *' },
];

const timeZones: readonly string[] = (() => {
  try {
    return (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

const formatIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  }).format(new Date(iso));

/** Polls the backend's view of the triggers while the Start step is open, and after version changes. */
function useTriggerStatus(runbookId: string | undefined): {
  status: TriggerStatus | null;
  refresh: () => void;
} {
  const [status, setStatus] = useState<TriggerStatus | null>(null);
  const versionsRevision = useVersionsStore(selectVersionsRevision);
  const refresh = useCallback(() => {
    if (runbookId === undefined) return;
    api.call('runbooks.triggers', { id: runbookId }).then(setStatus, () => setStatus(null));
  }, [runbookId]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 5_000);
    return () => clearInterval(timer);
  }, [refresh, versionsRevision]);
  return { status, refresh };
}

function WebhookSecret({
  runbookId,
  authentication,
  hasSecret,
  onSaved,
}: {
  runbookId: string;
  authentication: WebhookTrigger['authentication'];
  hasSecret: boolean;
  onSaved: () => void;
}): ReactElement {
  const [value, setValue] = useState('');
  const [isEditing, setIsEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = authentication === 'basic' ? 'Password' : 'Secret key';
  const save = async (secret: string | null) => {
    try {
      await api.call('runbooks.setTriggerSecret', { id: runbookId, secret });
      setValue('');
      setIsEditing(false);
      setError(null);
      useNoticeStore
        .getState()
        .show('success', secret === null ? `${label} removed` : `${label} saved, encrypted`);
      onSaved();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const generate = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    setValue(Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(''));
    setIsEditing(true);
  };
  if (!isEditing) {
    return (
      <div className="trigger-secret">
        <span className={`badge ${hasSecret ? 'badge-ok' : 'badge-warn'}`}>
          {hasSecret ? `${label} set` : `No ${label.toLowerCase()} yet`}
        </span>
        <button type="button" className="button button-small" onClick={() => setIsEditing(true)}>
          {hasSecret ? 'Replace' : 'Set'}
        </button>
        {hasSecret && (
          <button type="button" className="button button-small" onClick={() => void save(null)}>
            Remove
          </button>
        )}
      </div>
    );
  }
  return (
    <form
      className="trigger-secret-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (value !== '') void save(value);
      }}
    >
      <label className="inline-label">
        {label}
        <input
          type={authentication === 'basic' ? 'password' : 'text'}
          className="mono"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby="webhook-secret-hint"
        />
      </label>
      <p id="webhook-secret-hint" className="hint">
        Stored encrypted; it is never shown again nor exported.
        {authentication === 'signature' ? ' Give the same key to the sender.' : ''}
      </p>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-small button-primary" disabled={value === ''}>
          Save
        </button>
        {authentication === 'signature' && (
          <button type="button" className="button button-small" onClick={generate}>
            Generate
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => setIsEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function WebhookSettings({
  runbookId,
  webhook,
  status,
  onChange,
  onSecretSaved,
}: {
  runbookId: string;
  webhook: WebhookTrigger;
  status: TriggerStatus | null;
  onChange: (next: WebhookTrigger) => void;
  onSecretSaved: () => void;
}): ReactElement {
  const inputNames = useDesignerStore(selectInputNames);
  const names = inputNames === '' ? [] : inputNames.split('\n');
  const url = status?.webhook.url ?? null;
  const copy = () => {
    if (url === null) return;
    void navigator.clipboard.writeText(url).then(
      () => useNoticeStore.getState().show('success', 'Webhook address copied'),
      () =>
        useNoticeStore
          .getState()
          .show('error', 'The clipboard is not available; select the address and copy it.'),
    );
  };
  const setMapping = (next: WebhookTrigger['inputMapping']) => onChange({ ...webhook, inputMapping: next });
  return (
    <>
      <div className="trigger-url">
        {url === null ? (
          <p className="field-error" role="alert">
            {status?.webhook.error ?? 'The webhook listener is not running.'} Change the address in Settings.
          </p>
        ) : (
          <>
            <input
              className="mono"
              readOnly
              value={url}
              aria-label="Webhook address"
              onFocus={(event) => event.target.select()}
            />
            <button
              type="button"
              className="button button-small"
              onClick={copy}
              aria-label="Copy webhook address"
            >
              <Icon name="copy" /> Copy
            </button>
          </>
        )}
      </div>
      <p className="hint">POST only. The payload is {'{{trigger.body}}'} in every step.</p>
      <label className="inline-label">
        Authentication
        <select
          value={webhook.authentication}
          onChange={(event) =>
            onChange({ ...webhook, authentication: event.target.value as WebhookTrigger['authentication'] })
          }
        >
          <option value="signature">HMAC-SHA256 signature</option>
          <option value="basic">Basic (user and password)</option>
          <option value="none">None (anyone who can reach it)</option>
        </select>
      </label>
      {webhook.authentication === 'signature' && (
        <p className="hint">
          The sender signs the raw body with the secret key (HMAC-SHA256, hex or base64), as GitHub does in
          X-Hub-Signature-256 with the prefix sha256=.
        </p>
      )}
      {webhook.authentication === 'signature' && (
        <div className="two-fields">
          <label className="inline-label">
            Signature header
            <input
              className="mono"
              value={webhook.signatureHeader}
              onChange={(event) => onChange({ ...webhook, signatureHeader: event.target.value })}
            />
          </label>
          <label className="inline-label">
            Prefix
            <input
              className="mono"
              value={webhook.signaturePrefix}
              placeholder="none"
              onChange={(event) => onChange({ ...webhook, signaturePrefix: event.target.value })}
            />
          </label>
        </div>
      )}
      {webhook.authentication === 'basic' && (
        <label className="inline-label">
          User name
          <input
            value={webhook.username}
            onChange={(event) => onChange({ ...webhook, username: event.target.value })}
          />
        </label>
      )}
      {webhook.authentication === 'none' ? (
        <p className="hint warn-text">Anyone who can reach this address can start the runbook.</p>
      ) : (
        <WebhookSecret
          runbookId={runbookId}
          authentication={webhook.authentication}
          hasSecret={status?.webhook.hasSecret ?? false}
          onSaved={onSecretSaved}
        />
      )}
      <h4>Inputs from the payload</h4>
      {webhook.inputMapping.map((row, index) => (
        <div key={index} className="mapping-row">
          <select
            aria-label={`Mapping ${String(index + 1)} input`}
            value={row.input}
            onChange={(event) =>
              setMapping(
                webhook.inputMapping.map((other, at) =>
                  at === index ? { ...other, input: event.target.value } : other,
                ),
              )
            }
          >
            {!names.includes(row.input) && <option value={row.input}>{row.input || 'Choose…'}</option>}
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <span aria-hidden="true">←</span>
          <input
            className="mono"
            aria-label={`Mapping ${String(index + 1)} JSONPath`}
            placeholder="$.ticket.id"
            value={row.path}
            onChange={(event) =>
              setMapping(
                webhook.inputMapping.map((other, at) =>
                  at === index ? { ...other, path: event.target.value } : other,
                ),
              )
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove mapping ${String(index + 1)}`}
            onClick={() => setMapping(webhook.inputMapping.filter((_, at) => at !== index))}
          >
            <Icon name="trash" />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        disabled={names.length === 0}
        title={names.length === 0 ? 'Add an input first' : undefined}
        onClick={() =>
          setMapping([
            ...webhook.inputMapping,
            {
              input:
                names.find((name) => !webhook.inputMapping.some((row) => row.input === name)) ??
                names[0] ??
                '',
              path: '$.',
            },
          ])
        }
      >
        <Icon name="plus" /> Map an input
      </button>
    </>
  );
}

function ScheduleSettings({
  schedule,
  status,
  onChange,
}: {
  schedule: ScheduleTrigger;
  status: TriggerStatus | null;
  onChange: (next: ScheduleTrigger) => void;
}): ReactElement {
  const preview = useMemo((): { times: string[]; error: string | null } => {
    if (!isValidTimeZone(schedule.timeZone))
      return { times: [], error: `"${schedule.timeZone}" is not a time zone.` };
    try {
      const times = nextTimes(parseCron(schedule.expression), schedule.timeZone, new Date(), 5);
      return {
        times: times.map((time) => time.toISOString()),
        error: times.length === 0 ? 'This schedule never fires.' : null,
      };
    } catch (error) {
      return {
        times: [],
        error: messageOf(error),
      };
    }
  }, [schedule.expression, schedule.timeZone]);
  const missed = status?.events.find((event) => event.kind === 'schedule' && event.outcome === 'missed');
  const preset = schedulePresets.find((candidate) => candidate.expression === schedule.expression);
  return (
    <>
      <div className="trigger-state">
        <span className={`badge ${schedule.isPaused ? 'badge-warn' : 'badge-ok'}`}>
          {schedule.isPaused ? 'Paused' : 'Active'}
        </span>
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange({ ...schedule, isPaused: !schedule.isPaused })}
        >
          {schedule.isPaused ? 'Resume' : 'Pause'}
        </button>
      </div>
      <label className="inline-label">
        Repeat
        <select
          value={preset?.expression ?? ''}
          onChange={(event) => {
            if (event.target.value !== '') onChange({ ...schedule, expression: event.target.value });
          }}
        >
          <option value="">Custom cron expression</option>
          {schedulePresets.map((candidate) => (
            <option key={candidate.expression} value={candidate.expression}>
              {candidate.label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-label">
        Cron expression
        <input
          className="mono"
          value={schedule.expression}
          spellCheck={false}
          aria-invalid={preview.error !== null}
          aria-describedby="schedule-hint"
          onChange={(event) => onChange({ ...schedule, expression: event.target.value })}
        />
      </label>
      <p id="schedule-hint" className="hint">
        minute hour day month weekday — or six fields with seconds first.
      </p>
      <label className="inline-label">
        Time zone
        <input
          list="time-zones"
          value={schedule.timeZone}
          spellCheck={false}
          onChange={(event) => onChange({ ...schedule, timeZone: event.target.value })}
        />
      </label>
      <datalist id="time-zones">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {preview.error !== null ? (
        <p className="field-error" role="alert">
          {preview.error}
        </p>
      ) : (
        <div>
          <h4>Next five runs{schedule.isPaused ? ' (once resumed)' : ''}</h4>
          <ol className="next-times" aria-label="Next five runs">
            {preview.times.map((time) => (
              <li key={time}>
                <time dateTime={time}>{formatIn(time, schedule.timeZone)}</time>
              </li>
            ))}
          </ol>
        </div>
      )}
      {status?.schedule.lastFiredAt != null && (
        <p className="hint">Last run {formatIn(status.schedule.lastFiredAt, schedule.timeZone)}.</p>
      )}
      {missed !== undefined && (
        <p className="hint warn-text" role="note">
          {missed.message} Missed runs are not replayed.
        </p>
      )}
    </>
  );
}

/** Which published version webhook and schedule run: the draft's settings apply once published. */
function TriggerVersionNote({ status }: { status: TriggerStatus | null }): ReactElement | null {
  if (status === null) return null;
  if (status.version === null) {
    return (
      <p className="hint warn-text version-trigger-note" role="note">
        Not published yet: publish to switch the webhook and schedule on (Versions, in the bar above).
      </p>
    );
  }
  return (
    <p className="hint version-trigger-note" role="note">
      Webhook and schedule run version {status.version.number} (published{' '}
      <time dateTime={status.version.publishedAt}>
        {new Date(status.version.publishedAt).toLocaleString()}
      </time>
      ). Publish to apply changes made since.
    </p>
  );
}

function TriggerLog({ status }: { status: TriggerStatus | null }): ReactElement | null {
  if (status === null || status.events.length === 0) return null;
  return (
    <details className="trigger-log">
      <summary>Latest trigger events ({status.events.length})</summary>
      <ul>
        {status.events.map((event) => (
          <li key={event.id} className={event.outcome === 'started' ? undefined : 'warn-text'}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time> · {event.kind}
            {event.status === null ? '' : ` · ${String(event.status)}`} ·{' '}
            {event.runId === null ? (
              event.message
            ) : (
              <a href={`#/runs/${event.runId}`}>{event.message} Open run</a>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function TriggersEditor({
  step,
  onChange,
}: {
  step: StartStep;
  onChange: (next: Step) => void;
}): ReactElement | null {
  const runbookId = useDesignerStore(selectRunbookId);
  const { status, refresh } = useTriggerStatus(runbookId);
  if (runbookId === undefined) return null;
  const webhook = step.webhook ?? webhookTriggerSchema.parse({});
  const schedule = step.schedule ?? scheduleTriggerSchema.parse({});
  return (
    <div className="triggers-editor">
      <h3>Triggers</h3>
      <p className="hint">
        The Run button always works and runs the draft. Add a webhook or a schedule to run without you.
      </p>
      <TriggerVersionNote status={status} />
      <fieldset>
        <legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={webhook.isEnabled}
              onChange={(event) =>
                onChange({ ...step, webhook: { ...webhook, isEnabled: event.target.checked } })
              }
            />
            Webhook
          </label>
        </legend>
        {webhook.isEnabled && (
          <WebhookSettings
            runbookId={runbookId}
            webhook={webhook}
            status={status}
            onChange={(next) => onChange({ ...step, webhook: next })}
            onSecretSaved={refresh}
          />
        )}
      </fieldset>
      <fieldset>
        <legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={schedule.isEnabled}
              onChange={(event) =>
                onChange({ ...step, schedule: { ...schedule, isEnabled: event.target.checked } })
              }
            />
            Schedule
          </label>
        </legend>
        {schedule.isEnabled && (
          <ScheduleSettings
            schedule={schedule}
            status={status}
            onChange={(next) => onChange({ ...step, schedule: next })}
          />
        )}
      </fieldset>
      <TriggerLog status={status} />
    </div>
  );
}
