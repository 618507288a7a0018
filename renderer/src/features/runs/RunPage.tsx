/**
 * One run (PRODUCT.md §4 "Runs"): its runbook (the published version it ran, else the draft;
 * useRunRunbook.ts) drawn with the path it took — replayable step by step (RunCanvas.tsx,
 * useRunReplay.ts) — under its header (RunHeader.tsx) and beside what started it and every step's
 * record (RunRecords.tsx: request masked, response, outputs, error, duration). Any step can be the
 * start of a re-run that reuses the outputs of the steps before it (useRerun.ts).
 */
import { useState, type ReactElement } from 'react';
import { isRunGoing } from '../../../../shared/domain/runStatus';
import { api } from '../../api/client';
import { Icon } from '../../app/icons';
import { RepeatConfirmDialog } from './RepeatConfirmDialog';
import { RunCanvas } from './RunCanvas';
import { RunHeader } from './RunHeader';
import { RunRecords } from './RunRecords';
import { useRerun } from './useRerun';
import { useRunRunbook } from './useRunRunbook';
import { useRunReplay } from './useRunReplay';
import { useShownRun } from './useShownRun';
import './runPage.css';

export function RunPage({ runId }: { runId: string }): ReactElement {
  const { run, error, readWholeRecord } = useShownRun(runId);
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const { repeat, rerun, dismissRepeat } = useRerun();
  const { runbook, version, graph, nameOf } = useRunRunbook(run);
  const records = run?.steps ?? [];
  const replay = useRunReplay(records.length);
  const isGoing = run !== undefined && run !== null && isRunGoing(run.status);

  const selectStep = (stepId: string) => {
    const last = [...records].reverse().find((record) => record.stepId === stepId);
    if (last === undefined) return;
    setSelectedSeq(last.seq);
    // Once drawn: a record far down the list is drawn only when chosen.
    requestAnimationFrame(() =>
      document
        .getElementById(`record-${String(last.seq)}`)
        ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
    );
  };

  if (error !== null) {
    return (
      <section className="page">
        <a className="link-button back-link" href="#/runs">
          <Icon name="back" /> Runs
        </a>
        <p className="inline-error" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (run === null) {
    return (
      <section className="page" aria-busy="true">
        <p className="muted">Loading the run…</p>
      </section>
    );
  }
  return (
    <section className="page run-page">
      <a className="link-button back-link" href="#/runs">
        <Icon name="back" /> Runs
      </a>
      <RunHeader
        runId={runId}
        run={run}
        runbook={runbook}
        version={version}
        steps={graph?.steps}
        isGoing={isGoing}
        nameOf={nameOf}
        onRunAgain={() =>
          rerun(
            (confirmRepeat) => api.call('runs.rerun', { id: runId, confirmRepeat }),
            'Started again with the same inputs',
          )
        }
      />
      <div className="run-body">
        <RunCanvas
          graph={runbook === null ? undefined : graph}
          records={records}
          runStatus={run.status}
          isGoing={isGoing}
          replay={replay}
          pausedBefore={run.pause?.stepId}
          onSelect={selectStep}
        />
        <RunRecords
          runId={runId}
          run={run}
          graph={graph}
          draftSteps={runbook?.draft.steps}
          isGoing={isGoing}
          selectedSeq={selectedSeq}
          nameOf={nameOf}
          onSelectSeq={setSelectedSeq}
          onReadWhole={readWholeRecord}
          onRerunFrom={(stepId) =>
            rerun(
              (confirmRepeat) => api.call('runs.rerunFrom', { id: runId, stepId, confirmRepeat }),
              `Re-running from “${nameOf(stepId)}”, reusing earlier outputs`,
            )
          }
        />
      </div>
      {repeat !== null && (
        <RepeatConfirmDialog message={repeat.message} onConfirm={repeat.confirm} onCancel={dismissRepeat} />
      )}
    </section>
  );
}
