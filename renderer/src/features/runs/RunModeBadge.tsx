/** A run's mode where it differs from a live run: "Dry run", or "Replay" for a test case's replay. */
import type { ReactElement } from 'react';
import type { RunMode } from '../../../../shared/rehearsal/rehearsal';

const modeLabels: Record<RunMode, string> = { live: 'Live', dryRun: 'Dry run', replay: 'Replay' };

/** The run's mode as people say it. */
function runModeLabel(mode: RunMode): string {
  return modeLabels[mode];
}

/** Nothing for a live run (most runs): a badge only marks the exceptions. */
export function RunModeBadge({ mode }: { mode: RunMode }): ReactElement | null {
  if (mode === 'live') return null;
  // The leading space keeps it apart from the words before it (a heading, a trigger) when read.
  return (
    <>
      {' '}
      <span className={`run-badge run-mode run-mode-${mode}`}>{runModeLabel(mode)}</span>
    </>
  );
}
