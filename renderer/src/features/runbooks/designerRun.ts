/**
 * The run started from the designer: started with an id chosen first (so no event of it is
 * missed) and followed step by step on the canvas and in the bar (DesignerRunStatus.tsx). Its
 * state never goes back (a late "queued" after "running"), and is read once after the start in
 * case events came before the window listened; a refused start leaves the bar as it was.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { RateLimitWaitNote } from '../../../../shared/domain/rateLimitWait';
import type { RunStatus } from '../../../../shared/domain/runStatus';
import { api } from '../../api/client';
import { useNoticeStore } from '../../app/noticeStore';
import { isNewerRun } from '../runs/runEvents';
import { useDesignerStore, type LiveStatus } from './designerStore';
import { saveDraftFirst } from './saveDraftFirst';
import { newRunId } from '../../../../shared/domain/runId';
import type { RunInputValues } from './runInputValues';

/** What the designer's run's running step waits for before its request leaves (runs.stepWaiting). */
export const useDesignerRunWait = create<{ runId: string | null; wait: RateLimitWaitNote | null }>(() => ({
  runId: null,
  wait: null,
}));

/** Whether a run in this state has ended. */
export const isFinished = (status: string) =>
  status === 'succeeded' || status === 'failed' || status === 'cancelled';

/** Takes the run's new state, unless it is older than the one shown (events may cross a read). */
function applyRunStatus(runId: string, status: RunStatus): boolean {
  const state = useDesignerStore.getState();
  if (state.runId !== runId) return false;
  const shown = (state.runStatus ?? 'queued') as RunStatus;
  if (!isNewerRun({ status: shown }, { status }) || shown === status) return false;
  useDesignerStore.setState({ runStatus: status });
  return true;
}

/**
 * What the notice of a run that ended says: its status, and its message or error unless that only
 * says the status again (a run cancelled ends with the error "Cancelled.": not "Run cancelled:
 * Cancelled.").
 */
export function runEndNotice(status: RunStatus, said: string | null): string {
  const isOnlyStatus = said !== null && said.trim().replace(/\.$/, '').toLowerCase() === status;
  return said === null || isOnlyStatus ? `Run ${status}` : `Run ${status}: ${said}`;
}

/** Takes the run's new state into the bar; a run that ended is said in a notice. */
function showRunState(run: {
  id: string;
  status: RunStatus;
  error: string | null;
  message: string | null;
}): void {
  if (!applyRunStatus(run.id, run.status) || !isFinished(run.status)) return;
  useNoticeStore
    .getState()
    .show(
      run.status === 'succeeded' ? 'success' : 'error',
      runEndNotice(run.status, run.message ?? run.error),
    );
}

/** Takes the steps' states the read run has where the bar still shows them running. */
function applyReadSteps(runId: string, steps: readonly { stepId: string; status: LiveStatus }[]): void {
  if (useDesignerStore.getState().runId !== runId) return;
  // An event's state wins unless it is older ("running" where the read has the step finished).
  useDesignerStore.setState((state) => {
    const live: Record<string, LiveStatus> = { ...state.live };
    for (const step of steps)
      if ((live[step.stepId] ?? 'running') === 'running') live[step.stepId] = step.status;
    return { live };
  });
}

/**
 * Reads the designer's run again once the event stream is back: what happened while it was lost
 * was never announced (the backend restarted marks the run interrupted before the window hears).
 */
function catchUpWithRun(): void {
  const { runId, runStatus } = useDesignerStore.getState();
  if (runId === null || isFinished(runStatus ?? 'queued')) return;
  api.call('runs.get', { id: runId }).then(
    (run) => {
      applyReadSteps(runId, run.steps);
      showRunState(run);
    },
    () => undefined,
  );
}

/** Applies the run's events to the bar and the canvas; says how a run ended in a notice. */
export function useLiveRun(): void {
  useEffect(() => api.onEventsResumed(catchUpWithRun), []);
  useEffect(
    () =>
      api.onEvent((message) => {
        const state = useDesignerStore.getState();
        if (message.name === 'runs.stepWaiting' && message.payload.runId === state.runId)
          useDesignerRunWait.setState({ runId: state.runId, wait: message.payload.wait });
        if (message.name === 'runs.stepChanged' && message.payload.runId === state.runId) {
          const { stepId, status } = message.payload.step;
          useDesignerStore.setState({ live: { ...state.live, [stepId]: status } });
        }
        if (message.name !== 'runs.changed' || message.payload.run.id !== state.runId) return;
        showRunState(message.payload.run);
      }),
    [],
  );
}

/**
 * Saves the draft and starts it with these inputs (a dry run sends only what changes nothing). A
 * refusal (the runbook has problems, an input is wrong) throws, and the bar keeps the run it showed
 * before. `runId`: the id to give the run (a new one when absent); `debug`: it is a debug run
 * (features/runbooks/debug).
 */
export async function startDesignerRun(
  runbookId: string,
  inputs: RunInputValues,
  client = '',
  options: { runId?: string; debug?: { breakpoints: string[] }; mode?: 'live' | 'dryRun' } = {},
): Promise<void> {
  await saveDraftFirst(options.debug !== undefined ? 'Debug' : options.mode === 'dryRun' ? 'Dry run' : 'Run');
  const { runId: previousId, runStatus: previousStatus, live: previousLive } = useDesignerStore.getState();
  const runId = options.runId ?? newRunId();
  useDesignerStore.setState({ runId, live: {}, runStatus: 'queued' });
  try {
    await api.eventsReady();
    await api.call('runs.start', {
      runId,
      runbookId,
      inputs,
      client,
      mode: options.mode ?? 'live',
      ...(options.debug === undefined ? {} : { debug: options.debug }),
    });
  } catch (caught) {
    useDesignerStore.setState({ runId: previousId, runStatus: previousStatus, live: previousLive });
    throw caught;
  }
  // Events sent before the window listened (a reconnecting event stream) are not sent again.
  void api.call('runs.get', { id: runId }).then(
    (run) => {
      applyReadSteps(runId, run.steps);
      applyRunStatus(runId, run.status);
    },
    () => undefined,
  );
}
