/** The runs this main put out on workers and the promise each starter awaits, kept apart from the queue plumbing around them. */
import type { RunResult } from '../engine/engine';
import type { RunHooks } from '../engine/runHooks';

export interface RemoteRunsDependencies {
  hooks: Pick<RunHooks, 'runFinished'>;
  /** Marks runs that no worker will finish as interrupted. */
  interrupt(runIds: readonly string[], reason: string): void;
}

export interface RemoteRuns {
  has(runId: string): boolean;
  /** The runs out on workers now. */
  ids(): string[];
  /** Counts a run as out on a worker; the promise settles with its end, however it comes. */
  add(runId: string): Promise<RunResult>;
  /** Counts a run as out on a worker that nobody here awaits (taken up after a restart). */
  track(runId: string): void;
  /** A worker's end of a run came back: its starter learns it. */
  settle(runId: string, result: RunResult): void;
  /** Records the run's end here (it failed before a worker had it, or was taken off the queue) and settles it. */
  endHere(runId: string, status: 'failed' | 'cancelled', error: string): void;
  /** Runs out on workers that this main will not hear the end of: failed with the reason. */
  interrupt(runIds: string[], reason: string): void;
}

export function createRemoteRuns(deps: RemoteRunsDependencies): RemoteRuns {
  const waiting = new Map<string, (result: RunResult) => void>();
  const remoteRuns = new Set<string>();

  const settle = (runId: string, result: RunResult) => {
    remoteRuns.delete(runId);
    waiting.get(runId)?.(result);
    waiting.delete(runId);
  };

  return {
    has: (runId) => remoteRuns.has(runId),
    ids: () => [...remoteRuns],
    add: (runId) => {
      remoteRuns.add(runId);
      return new Promise<RunResult>((resolve) => waiting.set(runId, resolve));
    },
    track: (runId) => {
      remoteRuns.add(runId);
    },
    settle,
    endHere: (runId, status, error) => {
      deps.hooks.runFinished({ runId, status, error, message: null, finishedAt: new Date().toISOString() });
      settle(runId, { runId, status, error, message: null, vars: {} });
    },
    interrupt: (runIds, reason) => {
      if (runIds.length === 0) return;
      deps.interrupt(runIds, reason);
      for (const runId of runIds)
        settle(runId, { runId, status: 'failed', error: 'interrupted', message: null, vars: {} });
    },
  };
}
