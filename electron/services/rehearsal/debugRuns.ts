/**
 * The debug runs going on now (PRODUCT.md §8 "debugging"), by run id: starts a designer run with
 * a debug session (engine/debugSession.ts), takes the window's Continue, Step over and Stop, and
 * answers its run context. A pause lives here, in memory, not in the run's record: the run stays
 * "running" while paused (it is — waiting on a person), so the runs list, its filters and the
 * command line need no new status, and a run paused when the app closes is marked interrupted
 * at the next start like any other run left going.
 *
 * So a debug run pauses, and is continued, only in the process that runs it. Another process open
 * on the same data folder (a window on `serve` while the app debugs) refuses Continue, Step over
 * and the context of a run it sees going, saying where it is debugged; its Stop cancels the run
 * there, as runs.cancel does. Where it is paused is written to the folder while the pause lasts
 * (debugPauseRepository.ts), so every process shows the run paused at its step.
 */
import { AppError } from '../../../shared/api/appError';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { DebugPauseRepository } from '../db/repositories/debugPauseRepository';
import type { DebugContext, DebugPause } from '../../../shared/rehearsal/debugging';
import { createDebugSession, type DebugSession } from '../engine/debugSession';
import type { RunbookService } from '../runbooks/runbookService';
import { newRunId } from '../../../shared/domain/runId';

export interface DebugRunsDependencies {
  startManualRun: RunbookService['startManualRun'];
  /**
   * Cancels a run that is going, here or in another process on the data folder (a Stop while it
   * runs between pauses, or of a run debugged elsewhere).
   */
  cancel(runId: string): boolean;
  /** Whether the run is queued or running on the data folder, here or in another process. */
  isGoing(runId: string): boolean;
  /** Tells the windows a debug run paused (the pause) or went on (null). */
  onPauseChanged(change: { runId: string; runbookId: string; pause: DebugPause | null }): void;
  /** Where the runs of every process on the data folder are paused: this process's written there. */
  pauses: Pick<DebugPauseRepository, 'write' | 'of'>;
  log(line: string): void;
  /** How long a pause waits for a command (default: debugSession's 30 minutes). */
  pauseTimeoutMs?: number;
}

/** What `runs.start` was given, with the breakpoints that make it a debug run. */
export interface DebugRunStart {
  runId?: string | undefined;
  runbookId: string;
  inputs: Record<string, unknown>;
  client: string;
  configuration?: string | undefined;
  mode: 'live' | 'dryRun';
  breakpoints: readonly string[];
}

export interface DebugRuns extends Disposable {
  /** Starts the runbook's draft as a debug run; returns its id. */
  start(input: DebugRunStart): string;
  continueRun(runId: string, breakpoints?: readonly string[]): boolean;
  stepOver(runId: string, breakpoints?: readonly string[]): boolean;
  /** Ends the run as cancelled: at its pause, or (running between pauses) by cancelling it. */
  stop(runId: string): boolean;
  context(runId: string): DebugContext;
  /** Where the run is paused, in this process or another on the data folder; null when it is not. */
  pauseOf(runId: string): DebugPause | null;
}

/** Why a run going with no debug session here takes no debugger command here. */
const debuggedElsewhere =
  'This run is not debugged by this process: a debug run pauses and goes on only in the process that runs it (the app or `serve` on this data folder), from the window that started it. Cancel stops it from here.';

export function createDebugRuns(deps: DebugRunsDependencies): DebugRuns {
  const sessions = new Map<string, DebugSession>();

  /**
   * Writes where the run is paused for the other processes. A write the disk refuses is logged:
   * the pause holds here all the same, and its window hears of it by event.
   */
  const recordPause = (runId: string, pause: DebugPause | null) => {
    try {
      deps.pauses.write(runId, pause);
    } catch (error) {
      deps.log(`the pause of debug run ${runId} could not be written: ${(error as Error).message}`);
    }
  };

  /** The run's session here; a run going without one (in another process) is refused, saying why. */
  const sessionOf = (runId: string) => {
    const session = sessions.get(runId);
    if (session === undefined && deps.isGoing(runId)) throw new AppError('conflict', debuggedElsewhere);
    return session;
  };

  return {
    start: (input) => {
      const runId = input.runId ?? newRunId();
      if (sessions.has(runId))
        throw new AppError('conflict', 'A run with this id is already going; give a new id.', 'runId');
      const session = createDebugSession({
        runbookId: input.runbookId,
        breakpoints: input.breakpoints,
        onPauseChanged: (pause) => {
          recordPause(runId, pause);
          deps.onPauseChanged({ runId, runbookId: input.runbookId, pause });
        },
        ...(deps.pauseTimeoutMs === undefined ? {} : { timeoutMs: deps.pauseTimeoutMs }),
      });
      // Kept before the run starts: it may pause at its very first step, before start returns.
      sessions.set(runId, session);
      try {
        return deps.startManualRun(input.runbookId, input.inputs, input.client, {
          configurationName: input.configuration,
          runId,
          mode: input.mode,
          pauseGate: {
            beforeStep: (point) => session.gate.beforeStep(point),
            runEnded: () => {
              session.gate.runEnded();
              sessions.delete(runId);
            },
          },
        });
      } catch (error) {
        sessions.delete(runId);
        throw error;
      }
    },
    continueRun: (runId, breakpoints) => sessionOf(runId)?.continueRun(breakpoints) ?? false,
    stepOver: (runId, breakpoints) => sessionOf(runId)?.stepOver(breakpoints) ?? false,
    stop: (runId) => {
      const session = sessions.get(runId);
      if (session === undefined) return deps.isGoing(runId) && deps.cancel(runId);
      return session.stop() || deps.cancel(runId);
    },
    context: (runId) => {
      const context = sessionOf(runId)?.context();
      if (context === undefined)
        throw new AppError(
          'conflict',
          'This run is not paused: its context is shown while it waits at a step.',
        );
      return context;
    },
    pauseOf: (runId) => deps.pauses.of(runId),
    dispose: () => {
      // The app is closing: nothing more is recorded, and the next start marks these runs interrupted.
      for (const [runId, session] of sessions) {
        session.gate.runEnded();
        recordPause(runId, null);
      }
      sessions.clear();
    },
  };
}
