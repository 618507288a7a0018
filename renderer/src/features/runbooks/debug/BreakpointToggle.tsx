/** The inspector's breakpoint switch for a step (F9 on the canvas does the same). */
import type { ReactElement } from 'react';
import { toggleBreakpoint, useHasBreakpoint } from './breakpointStore';

export function BreakpointToggle({ stepId }: { stepId: string }): ReactElement {
  const hasBreakpoint = useHasBreakpoint(stepId);
  return (
    <button
      type="button"
      className="button button-small breakpoint-toggle"
      aria-pressed={hasBreakpoint}
      aria-keyshortcuts="F9"
      title="A debug run pauses before this step (F9)"
      onClick={() => toggleBreakpoint(stepId)}
    >
      <span className={`breakpoint-dot${hasBreakpoint ? ' is-set' : ''}`} aria-hidden="true" /> Breakpoint
    </button>
  );
}
