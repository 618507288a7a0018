/** The designer bar's part of its run: the run's state, linking to its page, and Cancel while it goes. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { RateLimitWaitNote } from '../../app/RateLimitWaitNote';
import { hrefOf } from '../../app/route';
import { isFinished, useDesignerRunWait } from './designerRun';
import { useDesignerStore } from './designerStore';

/** The bar's part: the run's state, linking to its page, and Cancel while it goes. */
export function DesignerRunStatus(): ReactElement | null {
  const { runId, runStatus } = useDesignerStore(
    useShallow((state) => ({ runId: state.runId, runStatus: state.runStatus })),
  );
  const told = useDesignerRunWait();
  if (runId === null || runStatus === null) return null;
  // The wait of this run's step, while it runs (a wait told as over, or a run ended, shows none).
  const wait = told.runId === runId && runStatus === 'running' ? told.wait : null;
  const cancel = () =>
    void api
      .call('runs.cancel', { id: runId })
      .catch((caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)));
  return (
    <span className="designer-run">
      <a
        className={`run-status run-${runStatus}`}
        href={hrefOf({ area: 'runs', runId })}
        title={
          runStatus === 'waiting'
            ? "Open the run's page to approve or reject it"
            : "Open the run's page: each step's record"
        }
      >
        {runStatus === 'waiting' ? 'Waiting for approval' : `Run: ${runStatus}`}
      </a>
      {wait !== null && <RateLimitWaitNote wait={wait} isOneLine />}
      {!isFinished(runStatus) && (
        <button type="button" className="button button-small" onClick={cancel}>
          Cancel run
        </button>
      )}
    </span>
  );
}
