/**
 * The debug bar (PRODUCT.md §8 "debugging"): while the designer's debug run goes, where it is
 * paused and the commands — Continue (F8), Step over (F10), Stop. The run's state and the link
 * to its page stay in the designer bar (DesignerRunStatus.tsx), as for any run.
 */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { sendDebugCommand, useDebugStore, useIsDebugging } from './debugSession';
import './debug.css';

export function DebugBar(): ReactElement | null {
  const isDebugging = useIsDebugging();
  const { pause } = useDebugStore(useShallow((state) => ({ pause: state.pause })));
  if (!isDebugging) return null;
  const isPaused = pause !== null;
  return (
    <div className="debug-bar" role="toolbar" aria-label="Debugger">
      <span className="debug-where" role="status">
        {pause === null
          ? 'Debugging: running…'
          : `Paused before “${pause.stepName}”${pause.reason === 'breakpoint' ? ' (breakpoint)' : ''}`}
      </span>
      <button
        type="button"
        className="button button-small button-primary"
        disabled={!isPaused}
        title="Run on to the next breakpoint (F8)"
        aria-keyshortcuts="F8"
        onClick={() => sendDebugCommand('continue')}
      >
        Continue <kbd>F8</kbd>
      </button>
      <button
        type="button"
        className="button button-small"
        disabled={!isPaused}
        title="Run this step and pause before the next (F10)"
        aria-keyshortcuts="F10"
        onClick={() => sendDebugCommand('stepOver')}
      >
        Step over <kbd>F10</kbd>
      </button>
      <button
        type="button"
        className="button button-small button-danger-quiet"
        title="End the run as cancelled; the records of the steps it ran are kept"
        onClick={() => sendDebugCommand('stop')}
      >
        Stop
      </button>
    </div>
  );
}
