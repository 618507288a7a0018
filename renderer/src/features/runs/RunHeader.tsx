/**
 * The header of a run's page: its runbook's name, status and mode; when, how and from what it
 * started; how it ended, the approval it waits for, or the step its debugger paused it before
 * (in whichever process runs it); and Cancel run or Run again beside it.
 */
import type { ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import type { Step } from '../../../../shared/runbook/stepTypes';
import { api } from '../../api/client';
import { hrefOf } from '../../app/route';
import { RunModeBadge } from './RunModeBadge';
import { RunOutcome } from './RunOutcome';
import type { ShownRun } from './runEvents';
import { SaveTestCaseButton } from './SaveTestCaseDialog';
import { showFailure } from './useRerun';
import { WaitingApproval } from './WaitingApproval';

type Runbook = CallOutput<'runbooks.get'>;
type Version = CallOutput<'runbooks.version'>;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The line under the heading: trigger, time queued, duration, version, client, group, re-run of. */
function RunFacts({
  run,
  version,
  nameOf,
}: {
  run: ShownRun;
  version: Version | null;
  nameOf: (stepId: string) => string;
}): ReactElement {
  const duration =
    run.startedAt === null || run.finishedAt === null
      ? null
      : Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return (
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
  );
}

export function RunHeader({
  runId,
  run,
  runbook,
  version,
  steps,
  isGoing,
  nameOf,
  onRunAgain,
}: {
  runId: string;
  run: ShownRun;
  /** The run's runbook, once read; null while it is read or when it no longer exists. */
  runbook: Runbook | null;
  /** The published version the run ran, once read; null for a run of the draft. */
  version: Version | null;
  /** The steps of the graph the run ran. */
  steps: readonly Step[] | undefined;
  isGoing: boolean;
  nameOf: (stepId: string) => string;
  onRunAgain: () => void;
}): ReactElement {
  return (
    <header className="page-header">
      <div>
        <h1>
          {runbook?.name ?? 'Run'} <span className={`run-badge run-${run.status}`}>{run.status}</span>
          <RunModeBadge mode={run.mode} />
        </h1>
        <RunFacts run={run} version={version} nameOf={nameOf} />
        <RunOutcome run={run} />
        {run.pause !== null && (
          <p className="run-paused" role="status">
            Paused by the debugger before “{run.pause.stepName}”: it goes on from the designer that started
            it.
          </p>
        )}
        {run.status === 'waiting' && <WaitingApproval runId={runId} />}
      </div>
      <div className="header-actions">
        {isGoing ? (
          <button
            type="button"
            className="button"
            onClick={() => void api.call('runs.cancel', { id: runId }).catch(showFailure)}
          >
            Cancel run
          </button>
        ) : (
          <button
            type="button"
            className="button"
            title="Run the runbook again with these inputs"
            onClick={onRunAgain}
          >
            Run again
          </button>
        )}
        {runbook !== null && <SaveTestCaseButton run={run} steps={steps} />}
        <a className="button" href={hrefOf({ area: 'runbooks', runbookId: run.runbookId })}>
          Open runbook
        </a>
      </div>
    </header>
  );
}
