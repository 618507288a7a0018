/** One run's record: inputs, then each step with its status, duration, outputs, error, request and response. */
import { useEffect, useState, type ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/noticeStore';

type Run = CallOutput<'runs.get'>;

export function RunDetail({
  runId,
  onClose,
  onRerun,
}: {
  runId: string;
  onClose: () => void;
  onRerun: (newRunId: string) => void;
}): ReactElement {
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('runs.get', { id: runId }).then(setRun, (caught: unknown) => setError(messageOf(caught)));
  }, [runId]);
  return (
    <Dialog
      title={run === null ? 'Run' : `Run ${run.status}`}
      onClose={onClose}
      actions={
        <>
          <button
            type="button"
            className="button"
            disabled={run === null || run.status === 'running' || run.status === 'queued'}
            title="Run the runbook again with these inputs"
            onClick={() => {
              api.call('runs.rerun', { id: runId }).then(
                ({ runId: newRunId }) => onRerun(newRunId),
                (caught: unknown) => setError(messageOf(caught)),
              );
            }}
          >
            Run again
          </button>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Close
          </button>
        </>
      }
    >
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {run !== null && (
        <div className="run-detail">
          {run.error !== null && <p className="field-error">{run.error}</p>}
          <p className="muted">
            Inputs: <code>{JSON.stringify(run.inputs)}</code>
          </p>
          <ol className="run-steps">
            {run.steps.map((step) => (
              <li key={step.seq}>
                <details>
                  <summary>
                    <span className={`run-badge run-${step.status}`}>{step.status}</span>{' '}
                    <strong>{step.stepId}</strong>{' '}
                    <span className="muted">
                      {step.stepType} · {step.durationMs ?? '—'} ms
                    </span>
                  </summary>
                  {step.error !== null && <p className="field-error">{step.error}</p>}
                  <pre className="mono pre">
                    {JSON.stringify(
                      { outputs: step.outputs, request: step.request, response: step.response },
                      null,
                      2,
                    )}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Dialog>
  );
}
