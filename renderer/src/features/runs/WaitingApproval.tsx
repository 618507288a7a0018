/**
 * A waiting run's question on its page: the approval step's message, who decides and what to
 * check, the deadline, the single-use link to send (while this app knows it), and Approve /
 * Reject with an optional comment — each asked once more in a dialog before it counts. The list
 * is read once and kept current by the approvals.changed event (no polling).
 */
import { useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { useCall } from '../../api/resources';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type Decision = 'approved' | 'rejected';

/** Shown while the run waits; nothing otherwise. */
export function WaitingApproval({ runId }: { runId: string }): ReactElement | null {
  const approval = useCall('approvals.list', { runId }).data?.[0];
  const [comment, setComment] = useState('');
  const [asked, setAsked] = useState<Decision | null>(null);
  if (approval === undefined) return null;
  const decide = (decision: Decision) => {
    setAsked(null);
    api
      .call('approvals.decide', { runId, decision, comment, via: 'window' })
      .then(() =>
        useNoticeStore.getState().show('success', decision === 'approved' ? 'Approved.' : 'Rejected.'),
      )
      .catch((caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)));
  };
  return (
    <section className="waiting-approval" aria-label="Waiting for approval">
      <h2>Waiting for approval: {approval.stepName}</h2>
      <p className="waiting-approval-message">{approval.message}</p>
      {approval.approvers !== '' && <p>Who decides: {approval.approvers}</p>}
      {approval.instructions !== '' && <p>{approval.instructions}</p>}
      <p className="muted">Times out {timeFormat.format(new Date(approval.deadline))}.</p>
      {approval.notify !== null && (
        <p className={approval.notify.error === null ? undefined : 'waiting-approval-notify-failed'}>
          {approval.notify.error === null
            ? `Notify request sent (HTTP ${String(approval.notify.status)}).`
            : `Notify request failed: ${approval.notify.error}`}
        </p>
      )}
      {approval.link !== null && (
        <p>
          Link to send (works once):{' '}
          <input
            className="waiting-approval-link"
            readOnly
            value={approval.link}
            aria-label="Approval link"
          />
        </p>
      )}
      <label>
        Comment (optional)
        <textarea
          value={comment}
          rows={2}
          maxLength={2_000}
          onChange={(event) => setComment(event.target.value)}
        />
      </label>
      <div className="header-actions">
        <button type="button" className="button button-primary" onClick={() => setAsked('approved')}>
          Approve
        </button>
        <button type="button" className="button button-danger" onClick={() => setAsked('rejected')}>
          Reject
        </button>
      </div>
      {asked !== null && (
        <Dialog
          title={asked === 'approved' ? 'Approve this run?' : 'Reject this run?'}
          onClose={() => setAsked(null)}
          actions={
            <>
              <button type="button" className="button" onClick={() => setAsked(null)} autoFocus>
                Cancel
              </button>
              <button
                type="button"
                className={asked === 'approved' ? 'button button-primary' : 'button button-danger'}
                onClick={() => decide(asked)}
              >
                {asked === 'approved' ? 'Approve' : 'Reject'}
              </button>
            </>
          }
        >
          <p>
            The run goes on along its {asked === 'approved' ? 'approved' : 'rejected'} exit
            {comment === '' ? '.' : `, with your comment.`}
          </p>
        </Dialog>
      )}
    </section>
  );
}
