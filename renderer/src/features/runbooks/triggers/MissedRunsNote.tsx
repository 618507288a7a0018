/**
 * The schedule's "N scheduled runs were missed …" note on the Start step, with Dismiss. When it
 * shows is missedRunsNote.ts's rule; a dismissal is kept by the backend with the schedule's state,
 * so it holds after a reload and in every window. The entry stays in the trigger log.
 */
import { useState, type ReactElement } from 'react';
import type { TriggerStatus } from '../../../../../shared/domain/runbook';
import { missedRunsNoteOf } from '../../../../../shared/schedule/missedRunsNote';
import { api } from '../../../api/client';
import { getCallData, setCallData } from '../../../api/resources';
import { messageOf } from '../../../app/errorMessage';

/** The cached trigger status with the dismissal the backend recorded, so the note goes at once. */
function applyDismissal(runbookId: string, missedNoteDismissedAt: string): void {
  const current = getCallData('runbooks.triggers', { id: runbookId });
  if (current === undefined) return;
  setCallData(
    'runbooks.triggers',
    { id: runbookId },
    {
      ...current,
      schedule: { ...current.schedule, missedNoteDismissedAt },
    },
  );
}

export function MissedRunsNote({
  runbookId,
  status,
}: {
  runbookId: string;
  status: TriggerStatus | null;
}): ReactElement | null {
  const [isDismissing, setIsDismissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wasDismissed, setWasDismissed] = useState(false);
  const note = status === null ? undefined : missedRunsNoteOf(status);
  // Focus goes to the line saying where the note went, not back to the top of the window.
  if (note === undefined)
    return wasDismissed ? (
      <p className="hint" role="status" tabIndex={-1} ref={(element) => element?.focus()}>
        Note dismissed; it stays in the trigger log.
      </p>
    ) : null;
  const dismiss = async () => {
    if (isDismissing) return;
    setIsDismissing(true);
    try {
      const { missedNoteDismissedAt } = await api.call('runbooks.dismissMissedRuns', {
        id: runbookId,
        at: note.at,
      });
      setError(null);
      setWasDismissed(true);
      applyDismissal(runbookId, missedNoteDismissedAt);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setIsDismissing(false);
    }
  };
  return (
    <div className="missed-runs-note" role="note" aria-label="Missed runs">
      <p className="warn-text">{note.message} Missed runs are not replayed.</p>
      <button
        type="button"
        className="button button-small"
        aria-label="Dismiss the missed-runs note"
        aria-busy={isDismissing}
        onClick={() => void dismiss()}
      >
        {isDismissing ? 'Dismissing…' : 'Dismiss'}
      </button>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
