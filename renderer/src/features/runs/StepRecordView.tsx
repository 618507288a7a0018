/**
 * One step record on a run's page, folded: its state, name, type and duration; opened, its
 * error, outputs, the request as sent and the response (bodies as the Test panel shows them),
 * and the way to re-run from it. A record known only by its event's summary is read whole when
 * opened.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { sentRequestSchema } from '../../../../shared/domain/requestResult';
import { stepTypes, type Step, type StepType } from '../../../../shared/runbook/stepTypes';
import { RateLimitWaitNote } from '../../app/RateLimitWaitNote';
import { rateLimitWaitText } from '../integrations/rateLimitWaitText';
import { JsonValueTree } from '../methods/JsonValueTree';
import { PinFromRecordButton } from './PinFromRecordButton';
import { RecordRequest, RecordResponse } from './RecordExchange';
import { RehearsalBadge, RehearsedExchange } from './RecordRehearsal';
import { canPinRecord, recordRehearsal } from './recordRehearsal';
import type { ShownRecord } from './runEvents';
import { recordStatusText } from './runPath';

/** A record as a folding list item; `isSelected` opens it and marks it. */
export function StepRecordView({
  runId,
  record,
  runStatus,
  name,
  draftStep,
  isSelected,
  canRerun,
  onRerunFrom,
  onToggle,
  onReadWhole,
}: {
  runId: string;
  record: ShownRecord;
  /** The run's own status: its approval step's record reads "waiting" while the run waits. */
  runStatus: string;
  name: string;
  /** The step as the runbook's draft has it now (pins belong to the draft), if it still has it. */
  draftStep: Step | undefined;
  isSelected: boolean;
  canRerun: boolean;
  onRerunFrom: () => void;
  onToggle: (open: boolean) => void;
  /** An open record known only by its event's summary asks for the whole record. */
  onReadWhole: (seq: number) => void;
}): ReactElement {
  const [isOpen, setIsOpen] = useState(isSelected);
  const isSummary = !record.isComplete;
  useEffect(() => {
    if (isOpen && isSummary) onReadWhole(record.seq);
  }, [isOpen, isSummary, record.seq, onReadWhole]);
  const rehearsal = recordRehearsal(record);
  const statusText = recordStatusText(record, runStatus);
  return (
    // Numbered by its place in the run, which the list's own count is not when a find hides some.
    <li
      id={`record-${String(record.seq)}`}
      value={record.seq}
      className={isSelected ? 'is-selected' : undefined}
    >
      <details
        open={isSelected}
        onToggle={(event) => {
          const isNowOpen = (event.target as HTMLDetailsElement).open;
          setIsOpen(isNowOpen);
          onToggle(isNowOpen);
        }}
      >
        <RecordSummary record={record} name={name} statusText={statusText} rehearsal={rehearsal} />
        {isOpen && (
          <RecordBody
            runId={runId}
            record={record}
            name={name}
            draftStep={draftStep}
            rehearsal={rehearsal}
            canRerun={canRerun}
            onRerunFrom={onRerunFrom}
          />
        )}
      </details>
    </li>
  );
}

/** A record's folded line: its state, name, type and duration, and its marks. */
function RecordSummary({
  record,
  name,
  statusText,
  rehearsal,
}: {
  record: ShownRecord;
  name: string;
  statusText: string;
  rehearsal: ReturnType<typeof recordRehearsal>;
}): ReactElement {
  return (
    <summary>
      <span className={`run-badge run-${statusText === 'waiting' ? 'waiting' : record.status}`}>
        {statusText}
      </span>{' '}
      <strong>{name}</strong>{' '}
      <span className="muted">
        {stepTypes[record.stepType as StepType]?.label ?? record.stepType}
        {record.status === 'skipped'
          ? ' · from the earlier run'
          : record.durationMs === null
            ? '' // still running or waiting: its badge says so
            : ` · ${String(record.durationMs)} ms`}
      </span>
      {rehearsal !== undefined && <RehearsalBadge rehearsal={rehearsal} />}
      {record.status === 'running' && record.rateLimitWait !== undefined && (
        <RateLimitWaitNote wait={record.rateLimitWait} />
      )}
      {record.mayHaveBeenSent && (
        <span
          className="run-badge run-may-have-been-sent"
          title="This request was out when the app stopped or the run was cancelled, or it got no answer (a timeout, a connection lost): it may have reached the API"
        >
          may have been sent
        </span>
      )}
    </summary>
  );
}

/**
 * An open record: its error, rate-limit wait, outputs, request and response, and what can be
 * done from it. Drawn only once opened: a folded record draws its line alone (a run of 1,000
 * steps drew every record's outputs, request and response, unseen, and held the window seconds).
 */
function RecordBody({
  runId,
  record,
  name,
  draftStep,
  rehearsal,
  canRerun,
  onRerunFrom,
}: {
  runId: string;
  record: ShownRecord;
  name: string;
  draftStep: Step | undefined;
  rehearsal: ReturnType<typeof recordRehearsal>;
  canRerun: boolean;
  onRerunFrom: () => void;
}): ReactElement {
  const hasRequest = record.request !== null && record.request !== undefined;
  const hasResponse = record.response !== null && record.response !== undefined;
  const rateLimitWait = hasRequest ? rateLimitWaitOf(record.request) : undefined;
  return (
    <>
      {record.error !== null && <p className="field-error">{record.error}</p>}
      {rateLimitWait !== undefined && (
        <p className="muted rate-limit-wait">
          {rateLimitWaitText(rateLimitWait.waitedMs, rateLimitWait.integrationName)}
        </p>
      )}
      {Object.keys(record.outputs).length > 0 && (
        <>
          <h3>Outputs</h3>
          <JsonValueTree value={record.outputs} />
        </>
      )}
      {!record.isComplete && <p className="muted">Loading the whole record…</p>}
      {rehearsal !== undefined && record.isComplete && (
        <RehearsedExchange rehearsal={rehearsal} request={record.request} response={record.response} />
      )}
      {rehearsal === undefined && hasRequest && (
        <>
          <h3>Request (secrets masked)</h3>
          <RecordRequest request={record.request} />
        </>
      )}
      {rehearsal === undefined && hasResponse && (
        <>
          <h3>Response</h3>
          <RecordResponse response={record.response} />
        </>
      )}
      {canRerun && canPinRecord(record, draftStep) && (
        <PinFromRecordButton runId={runId} seq={record.seq} stepName={name} />
      )}
      {canRerun && (
        <button type="button" className="button button-small" onClick={onRerunFrom}>
          Re-run from here
        </button>
      )}
    </>
  );
}

/** The recorded request's wait for its integration's rate limit, when it had one. */
function rateLimitWaitOf(request: unknown): { waitedMs: number; integrationName: string } | undefined {
  const parsed = sentRequestSchema.shape.rateLimitWait.safeParse(
    (request as { rateLimitWait?: unknown }).rateLimitWait,
  );
  return parsed.success ? parsed.data : undefined;
}
