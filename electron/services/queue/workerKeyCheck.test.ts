/**
 * A worker started with another RUNBOOK_DESIGNER_KEY than the server's could open none of the
 * runs it took, and failed each at once, so it took most of them: it now finds out before it
 * takes any, says so, and the team's runs go to the workers with the right key. Real
 * redis-server, real workers, a local HTTP target.
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { startPostingMain, startTestWorker } from './testSupport/queueMain';
import { useQueueTestBed } from './testSupport/queueTestBed';

const bed = useQueueTestBed();

describe('a worker with another key than the server’s', () => {
  it('takes no run and says why; the runs go to the worker with the team’s key', async () => {
    const { main, api, runbookId } = await startPostingMain(bed.redis, bed.target.url);
    const stranger = startTestWorker(bed.redis, 8, 'not-the-team-key');
    const worker = startTestWorker(bed.redis, 2);
    try {
      const strangerReady = await Promise.allSettled([stranger.ready]);
      await worker.ready;
      const runIds: string[] = [];
      for (let index = 0; index < 6; index += 1)
        runIds.push((await api.call('runs.start', { runbookId, inputs: { id: String(index) } })).runId);
      const statuses = [];
      for (const runId of runIds) statuses.push((await waitForRun(main, runId, 30)).status);
      expect(statuses).toEqual(runIds.map(() => 'succeeded'));
      expect(bed.received).toHaveLength(6);
      expect(strangerReady[0]).toMatchObject({
        status: 'rejected',
        reason: {
          code: 'secrets_key_mismatch',
          message: expect.stringContaining('another RUNBOOK_DESIGNER_KEY than the server') as unknown,
        },
      });
    } finally {
      await Promise.all([stranger.close(), worker.close()]);
    }
  }, 60_000);
});
