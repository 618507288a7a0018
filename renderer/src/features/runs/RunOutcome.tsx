/**
 * A finished run's outcome, at the top of its page: how it ended and what it says — the message
 * of the End step it ended at (its result), or why it failed.
 */
import type { ReactElement } from 'react';
import type { RunSummary } from './runEvents';
import { isRunGoing } from '../../../../shared/domain/runStatus';

const headline = { succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' } as const;
const withoutLines = {
  succeeded: 'It ended without a message.',
  failed: 'No reason was recorded.',
  cancelled: 'It was stopped before it ended.',
} as const;

/**
 * What the run says: its End step's message; for a failure without one, the error. A failed End
 * gives its message as the error too, so the two are shown once.
 */
function linesOf(run: Pick<RunSummary, 'status' | 'error' | 'message'>): string[] {
  const lines = run.message === null ? [] : [run.message];
  if (run.status === 'failed' && run.error !== null && run.error !== run.message) lines.push(run.error);
  return lines;
}

/** Nothing while the run is going: its status badge says so. */
export function RunOutcome({
  run,
}: {
  run: Pick<RunSummary, 'status' | 'error' | 'message'>;
}): ReactElement | null {
  if (isRunGoing(run.status)) return null;
  const lines = linesOf(run);
  return (
    <section className={`run-outcome run-outcome-${run.status}`} aria-label="Run outcome">
      <strong className="run-outcome-status">{headline[run.status]}</strong>
      {lines.length === 0 ? (
        <p className="muted">{withoutLines[run.status]}</p>
      ) : (
        lines.map((line, index) => (
          <p key={index} className="run-outcome-message">
            {line}
          </p>
        ))
      )}
    </section>
  );
}
