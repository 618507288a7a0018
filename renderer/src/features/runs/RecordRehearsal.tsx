/**
 * A step record whose request was not sent (pinned, or held back by a dry run): the exact request
 * a dry run would have sent (masked) in place of an exchange, and where its answer came from.
 */
import type { ReactElement } from 'react';
import type { StepRehearsal } from '../../../../shared/rehearsal/rehearsal';
import { RecordRequest, RecordResponse } from './RecordExchange';
import { answerHeading, rehearsalLabel } from './recordRehearsal';

/** The marker on the record's line. */
export function RehearsalBadge({ rehearsal }: { rehearsal: StepRehearsal }): ReactElement {
  return (
    <span
      className={`run-badge run-rehearsal rehearsal-${rehearsal.wouldHaveSent ? 'would-have-sent' : rehearsal.source}`}
      title={
        rehearsal.wouldHaveSent
          ? 'A dry run: this request changes something, so it was recorded and not sent'
          : 'Answered by the step’s pin: the step itself did not run'
      }
    >
      {rehearsalLabel(rehearsal)}
    </span>
  );
}

/** The opened record's request and answer. */
export function RehearsedExchange({
  rehearsal,
  request,
  response,
}: {
  rehearsal: StepRehearsal;
  request: unknown;
  response: unknown;
}): ReactElement {
  const hasRequest = request !== null && request !== undefined;
  const hasResponse = response !== null && response !== undefined;
  return (
    <>
      {rehearsal.wouldHaveSent && hasRequest && (
        <section className="would-have-sent" aria-label="Would have sent">
          <h3>Would have sent (secrets masked)</h3>
          <RecordRequest request={request} />
        </section>
      )}
      {!rehearsal.wouldHaveSent && (
        <p className="hint">
          {rehearsal.source === 'pin'
            ? 'Pinned: the step did not run and sent nothing; it was answered with its pin.'
            : 'Not sent: answered from the test case’s recording.'}
        </p>
      )}
      {!rehearsal.wouldHaveSent && hasRequest && (
        <>
          <h3>Request as built (not sent, secrets masked)</h3>
          <RecordRequest request={request} />
        </>
      )}
      {hasResponse && (
        <>
          <h3>{answerHeading(rehearsal)}</h3>
          <RecordResponse response={response} />
        </>
      )}
    </>
  );
}
