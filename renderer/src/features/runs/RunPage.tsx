/**
 * One run (PRODUCT.md §4 "Runs"): its runbook (the published version it ran, else the draft)
 * drawn with the path it took — replayable step by step (PathCanvas.tsx) — beside what started
 * it (RunTriggerFacts.tsx) and every step's record (StepRecordView.tsx: request masked,
 * response, outputs, error, duration). Any step can be the start of a re-run that reuses the
 * outputs of the steps before it.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import { stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import { AppError } from '../../../../shared/api/appError';
import { api } from '../../api/client';
import { useCall } from '../../api/resources';
import { hrefOf } from '../../app/route';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { RepeatConfirmDialog } from './RepeatConfirmDialog';
import { RunModeBadge } from './RunModeBadge';
import { RunInputs } from './RunInputs';
import { RunOutcome } from './RunOutcome';
import { WaitingApproval } from './WaitingApproval';
import { PathCanvas } from './PathCanvas';
import { RunTriggerFacts } from './RunTriggerFacts';
import { SaveTestCaseButton } from './SaveTestCaseDialog';
import { StepRecordView } from './StepRecordView';
import { useShownRun } from './useShownRun';
import './runPage.css';
import { isRunGoing } from '../../../../shared/domain/runStatus';

type Runbook = CallOutput<'runbooks.get'>;
type Version = CallOutput<'runbooks.version'>;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function RunPage({ runId }: { runId: string }): ReactElement {
  const { run, error, readWholeRecord } = useShownRun(runId);
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const [replayAt, setReplayAt] = useState<number | null>(null);
  const [repeat, setRepeat] = useState<{ message: string; confirm: () => void } | null>(null);
  const replayTimer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);

  // The runbook (and version) the run ran: read when the run is first known.
  const runbookId = run?.runbookId ?? '';
  const versionId = run?.versionId ?? null;
  const runbook: Runbook | null =
    useCall('runbooks.get', { id: runbookId }, { isEnabled: run !== null }).data ?? null;
  const version: Version | null =
    useCall(
      'runbooks.version',
      { id: runbookId, versionId: versionId ?? '' },
      { isEnabled: versionId !== null },
    ).data ?? null;
  useEffect(() => () => clearInterval(replayTimer.current), []);

  const records = run?.steps ?? [];
  const isGoing = run !== undefined && run !== null && isRunGoing(run.status);
  const graph = version?.graph ?? runbook?.draft;
  const nameOf = (stepId: string) => graph?.steps.find((step) => step.id === stepId)?.name ?? stepId;
  const open = (newRunId: string, message: string) => {
    useNoticeStore.getState().show('success', message);
    window.location.hash = hrefOf({ area: 'runs', runId: newRunId });
  };
  const fail = (caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught));
  /** Starts a re-run; one that would repeat a request that may have been sent asks first. */
  const rerun = (call: (confirmRepeat: boolean) => Promise<{ runId: string }>, notice: string) => {
    const go = (confirmRepeat: boolean) =>
      void call(confirmRepeat).then(
        ({ runId: next }) => open(next, notice),
        (caught: unknown) => {
          const isUnconfirmed =
            caught instanceof AppError && caught.code === 'conflict' && caught.field === 'confirmRepeat';
          if (!isUnconfirmed || confirmRepeat) {
            fail(caught);
            return;
          }
          setRepeat({
            message: caught.message,
            confirm: () => {
              setRepeat(null);
              go(true);
            },
          });
        },
      );
    go(false);
  };

  const replay = () => {
    clearInterval(replayTimer.current);
    setReplayAt(0);
    replayTimer.current = setInterval(() => {
      setReplayAt((at) => {
        const next = (at ?? 0) + 1;
        if (next >= records.length) {
          clearInterval(replayTimer.current);
          return null;
        }
        return next;
      });
    }, 700);
  };
  const stopReplay = () => {
    clearInterval(replayTimer.current);
    setReplayAt(null);
  };
  const upTo = replayAt ?? records.length;

  const selectStep = (stepId: string) => {
    const last = [...records].reverse().find((record) => record.stepId === stepId);
    if (last === undefined) return;
    setSelectedSeq(last.seq);
    document
      .getElementById(`record-${String(last.seq)}`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
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
  const duration =
    run.startedAt === null || run.finishedAt === null
      ? null
      : Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return (
    <section className="page run-page">
      <a className="link-button back-link" href="#/runs">
        <Icon name="back" /> Runs
      </a>
      <header className="page-header">
        <div>
          <h1>
            {runbook?.name ?? 'Run'} <span className={`run-badge run-${run.status}`}>{run.status}</span>
            <RunModeBadge mode={run.mode} />
          </h1>
          <p className="muted">
            {run.trigger} · {timeFormat.format(new Date(run.queuedAt))}
            {duration === null
              ? ''
              : ` · ${duration < 1000 ? `${String(duration)} ms` : `${(duration / 1000).toFixed(1)} s`}`}
            {version === null ? '' : ` · version ${String(version.number)}`}
            {run.clientName === '' ? '' : ` · client ${run.clientName}`}
            {run.groupId !== null && (
              <>
                {' · '}
                <a href={hrefOf({ area: 'runs', groupId: run.groupId })}>its run group</a>
              </>
            )}
            {run.rerunOf !== null && (
              <>
                {' · re-run of '}
                <a href={hrefOf({ area: 'runs', runId: run.rerunOf })}>an earlier run</a>
                {run.resumedFromStep === null ? '' : ` from “${nameOf(run.resumedFromStep)}”`}
              </>
            )}
          </p>
          <RunOutcome run={run} />
          {run.status === 'waiting' && <WaitingApproval runId={runId} />}
        </div>
        <div className="header-actions">
          {isGoing ? (
            <button
              type="button"
              className="button"
              onClick={() => void api.call('runs.cancel', { id: runId }).catch(fail)}
            >
              Cancel run
            </button>
          ) : (
            <button
              type="button"
              className="button"
              title="Run the runbook again with these inputs"
              onClick={() =>
                rerun(
                  (confirmRepeat) => api.call('runs.rerun', { id: runId, confirmRepeat }),
                  'Started again with the same inputs',
                )
              }
            >
              Run again
            </button>
          )}
          {runbook !== null && <SaveTestCaseButton run={run} steps={graph?.steps} />}
          <a className="button" href={hrefOf({ area: 'runbooks', runbookId: run.runbookId })}>
            Open runbook
          </a>
        </div>
      </header>
      <div className="run-body">
        <div className="run-canvas canvas">
          {runbook !== null && graph !== undefined ? (
            <PathCanvas
              graph={graph}
              records={records}
              runStatus={run.status}
              upTo={upTo}
              onSelect={selectStep}
            />
          ) : (
            <p className="muted">The runbook of this run no longer exists.</p>
          )}
          <div className="replay-bar">
            {replayAt === null ? (
              <button
                type="button"
                className="button button-small"
                onClick={replay}
                disabled={records.length < 2 || isGoing}
              >
                <Icon name="runs" /> Replay
              </button>
            ) : (
              <button type="button" className="button button-small" onClick={stopReplay}>
                Stop
              </button>
            )}
            <input
              type="range"
              min={0}
              max={records.length}
              value={upTo}
              aria-label="Step through the run"
              aria-valuetext={`${String(upTo)} of ${String(records.length)} steps`}
              onChange={(event) => {
                clearInterval(replayTimer.current);
                const value = Number(event.target.value);
                setReplayAt(value >= records.length ? null : value);
              }}
            />
            <span className="muted">
              {upTo}/{records.length}
            </span>
          </div>
        </div>
        <aside className="run-records" aria-label="Step records">
          <h2>Inputs</h2>
          <RunInputs inputs={run.inputs} declared={graph?.inputs} />
          <RunTriggerFacts run={run} />
          <h2>Steps</h2>
          <ol className="run-steps">
            {records.map((record) => (
              <StepRecordView
                key={record.seq}
                runId={runId}
                record={record}
                runStatus={run.status}
                name={nameOf(record.stepId)}
                draftStep={runbook?.draft.steps.find((step) => step.id === record.stepId)}
                isSelected={record.seq === selectedSeq}
                canRerun={
                  !isGoing && stepTypes[record.stepType as StepType]?.isStart !== true && runbook !== null
                }
                onToggle={(isOpen) => {
                  if (isOpen) setSelectedSeq(record.seq);
                }}
                onReadWhole={readWholeRecord}
                onRerunFrom={() =>
                  rerun(
                    (confirmRepeat) =>
                      api.call('runs.rerunFrom', { id: runId, stepId: record.stepId, confirmRepeat }),
                    `Re-running from “${nameOf(record.stepId)}”, reusing earlier outputs`,
                  )
                }
              />
            ))}
          </ol>
        </aside>
      </div>
      {repeat !== null && (
        <RepeatConfirmDialog
          message={repeat.message}
          onConfirm={repeat.confirm}
          onCancel={() => setRepeat(null)}
        />
      )}
    </section>
  );
}
