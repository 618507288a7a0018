/**
 * The debug run started from the designer (PRODUCT.md §8 "debugging"): where it is paused, the
 * run context read at each pause, and the commands of the debug bar. The pause comes by event
 * (runs.debugChanged), so the window learns it without polling on either transport; the run's
 * own state and steps are followed by designerRun.ts like any designer run.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { DebugContext, DebugPause } from '../../../../../shared/rehearsal/debugging';
import { api } from '../../../api/client';
import { messageOf } from '../../../app/errorMessage';
import { useNoticeStore } from '../../../app/noticeStore';
import { isFinished, startDesignerRun } from '../designerRun';
import { useDesignerStore } from '../designerStore';
import type { RunInputValues } from '../runInputValues';
import { breakpointsOfOpenRunbook } from './breakpointStore';
import { newRunId } from '../../../../../shared/domain/runId';

interface DebugState {
  /** The debug run, while it is the designer's run; null when the designer's run is not one. */
  runId: string | null;
  pause: DebugPause | null;
  /** The context at the pause, once read (null while it is read, or when reading it failed). */
  context: DebugContext | null;
  contextError: string | null;
}

export const useDebugStore = create<DebugState>(() => ({
  runId: null,
  pause: null,
  context: null,
  contextError: null,
}));

const notPaused = { pause: null, context: null, contextError: null };

/** Whether the designer's run is a debug run still going (for key handlers; components use useIsDebugging). */
export function isDebuggingNow(): boolean {
  const { runId, runStatus } = useDesignerStore.getState();
  return runId !== null && useDebugStore.getState().runId === runId && !isFinished(runStatus ?? 'queued');
}

/** Whether the designer's run is a debug run still going. */
export function useIsDebugging(): boolean {
  const debugRunId = useDebugStore((state) => state.runId);
  return useDesignerStore(
    (state) => state.runId !== null && state.runId === debugRunId && !isFinished(state.runStatus ?? 'queued'),
  );
}

/** Reads the context of the pause shown now; a later pause's read wins over this one. */
function readContext(pause: DebugPause): void {
  api.call('runs.debugContext', { id: pause.runId }).then(
    (context) => {
      if (useDebugStore.getState().pause?.pausedAt !== pause.pausedAt) return;
      useDebugStore.setState({ context, contextError: null });
    },
    (caught: unknown) => {
      if (useDebugStore.getState().pause?.pausedAt !== pause.pausedAt) return;
      useDebugStore.setState({ contextError: messageOf(caught) });
    },
  );
}

/**
 * The pause ends with the run however the designer learns it ended: by its event, or by reading
 * it once the event stream is back (a restarted backend marks it interrupted unannounced).
 */
function endPauseOfFinishedRun(designer: { runId: string | null; runStatus: string | null }): void {
  const { runId, pause } = useDebugStore.getState();
  if (pause === null || designer.runId !== runId || !isFinished(designer.runStatus ?? 'queued')) return;
  useDebugStore.setState(notPaused);
}

/** Follows the pauses of the designer's debug run; the pause ends with the run. */
export function useDebugEvents(): void {
  useEffect(() => useDesignerStore.subscribe(endPauseOfFinishedRun), []);
  useEffect(
    () =>
      api.onEvent((message) => {
        const { runId } = useDebugStore.getState();
        if (runId === null) return;
        if (message.name === 'runs.changed' && message.payload.run.id === runId) {
          if (isFinished(message.payload.run.status)) useDebugStore.setState(notPaused);
          return;
        }
        if (message.name !== 'runs.debugChanged' || message.payload.runId !== runId) return;
        const { pause } = message.payload;
        useDebugStore.setState({ ...notPaused, pause });
        if (pause !== null) readContext(pause);
      }),
    [],
  );
}

/** Saves the draft and starts it as a debug run with the breakpoints set in this window. */
export async function startDebugRun(runbookId: string, inputs: RunInputValues): Promise<void> {
  const runId = newRunId();
  const previous = useDebugStore.getState();
  useDebugStore.setState({ runId, ...notPaused });
  try {
    await startDesignerRun(runbookId, inputs, '', {
      runId,
      debug: { breakpoints: breakpointsOfOpenRunbook() },
    });
  } catch (caught) {
    useDebugStore.setState(previous);
    throw caught;
  }
}

export type DebugCommand = 'continue' | 'stepOver' | 'stop';

/** Sends a command of the debug bar to the paused run (Stop also ends it between pauses). */
export function sendDebugCommand(command: DebugCommand): void {
  const { runId, pause } = useDebugStore.getState();
  if (runId === null || (command !== 'stop' && pause === null)) return;
  const breakpoints = breakpointsOfOpenRunbook();
  const sent =
    command === 'continue'
      ? api.call('runs.debugContinue', { id: runId, breakpoints })
      : command === 'stepOver'
        ? api.call('runs.debugStepOver', { id: runId, breakpoints })
        : api.call('runs.debugStop', { id: runId });
  sent.catch((caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)));
}
