/** The runs out on workers: each starter learns its run's end, whether a worker's, this main's or an interruption. */
import { describe, expect, it } from 'vitest';
import type { FinishedRun } from '../engine/runHooks';
import { createRemoteRuns } from './remoteRuns';

function remoteRunsRecording() {
  const finished: FinishedRun[] = [];
  const interrupted: { runIds: readonly string[]; reason: string }[] = [];
  const runs = createRemoteRuns({
    hooks: { runFinished: (run) => finished.push(run) },
    interrupt: (runIds, reason) => interrupted.push({ runIds, reason }),
  });
  return { runs, finished, interrupted };
}

describe('createRemoteRuns', () => {
  it('settles a run with the end a worker sent, and forgets it', async () => {
    const { runs, finished } = remoteRunsRecording();
    const end = runs.add('r1');
    expect(runs.ids()).toEqual(['r1']);
    runs.settle('r1', { runId: 'r1', status: 'succeeded', error: null, message: 'done', vars: {} });
    await expect(end).resolves.toMatchObject({ status: 'succeeded', message: 'done' });
    expect(runs.has('r1')).toBe(false);
    expect(finished).toEqual([]);
  });

  it('records an end decided here (a run cancelled off the queue) before settling it', async () => {
    const { runs, finished } = remoteRunsRecording();
    const end = runs.add('r1');
    runs.endHere('r1', 'cancelled', 'Cancelled.');
    expect(finished).toMatchObject([
      { runId: 'r1', status: 'cancelled', error: 'Cancelled.', message: null },
    ]);
    await expect(end).resolves.toEqual({
      runId: 'r1',
      status: 'cancelled',
      error: 'Cancelled.',
      message: null,
      vars: {},
    });
  });

  it('interrupts runs it will hear no more of, and leaves the database alone when there are none', async () => {
    const { runs, interrupted } = remoteRunsRecording();
    runs.interrupt([], 'nothing');
    const end = runs.add('r1');
    runs.track('r2');
    runs.interrupt(runs.ids(), 'lost the lease');
    expect(interrupted).toEqual([{ runIds: ['r1', 'r2'], reason: 'lost the lease' }]);
    await expect(end).resolves.toMatchObject({ status: 'failed', error: 'interrupted' });
    expect(runs.ids()).toEqual([]);
  });
});
