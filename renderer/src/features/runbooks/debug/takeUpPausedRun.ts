/**
 * A debug run paused in this process is taken up again when its runbook's designer opens with no
 * run: the designer opens afresh after a visit to the run's page (whose banner says the run "goes
 * on from the designer that started it") or a reload, and the paused run was then left without
 * its debug bar — no Continue, Step over or Stop — until cancelled or stopped after 30 minutes.
 */
import { useEffect } from 'react';
import { api } from '../../../api/client';
import { useDesignerStore, type LiveStatus } from '../designerStore';
import { useDebugStore } from './debugSession';

/** How many of the runbook's running runs are looked at, newest first (a person debugs one or two). */
const runsLookedAt = 20;

/** Makes the newest debug run of the runbook paused in this process the designer's run again. */
export async function takeUpPausedRun(runbookId: string): Promise<void> {
  // Only the designer's Run and Debug start manual runs: webhook and schedule runs are never read.
  const running = await api.call('runs.list', {
    runbookId,
    status: 'running',
    trigger: 'manual',
    limit: runsLookedAt,
  });
  for (const summary of running) {
    const run = await api.call('runs.get', { id: summary.id });
    if (run.pause === null) continue;
    // Refused when it is paused in another process: that process's window debugs it.
    const context = await api.call('runs.debugContext', { id: run.id }).catch(() => null);
    if (context === null) continue;
    const designer = useDesignerStore.getState();
    // Another runbook opened, or a run started, meanwhile: that one is the designer's now.
    if (designer.runbook?.id !== runbookId || designer.runId !== null) return;
    const live: Record<string, LiveStatus> = {};
    for (const step of run.steps) live[step.stepId] = step.status;
    useDesignerStore.setState({ runId: run.id, runStatus: run.status, live });
    useDebugStore.setState({ runId: run.id, pause: run.pause, context, contextError: null });
    return;
  }
}

/** Takes up the runbook's paused debug run each time the designer opens a runbook with no run. */
export function useTakeUpPausedRun(): void {
  useEffect(
    () =>
      useDesignerStore.subscribe((state, previous) => {
        const opened = state.runbook?.id;
        if (opened === undefined || opened === previous.runbook?.id || state.runId !== null) return;
        takeUpPausedRun(opened).catch(() => undefined);
      }),
    [],
  );
}
