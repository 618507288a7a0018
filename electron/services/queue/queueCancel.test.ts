/**
 * Cancelling a run in queue mode while its job changes hands: a cancel that comes as a worker
 * takes the job (after the main saw it waiting, before the worker's engine holds the run) ends the
 * run cancelled all the same, and its request is never sent. Real redis-server, real worker, a
 * local HTTP target.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { startPostingMain, startTestWorker } from './testSupport/queueMain';
import { useQueueTestBed } from './testSupport/queueTestBed';

const bed = useQueueTestBed();

describe('cancelling a queued run', () => {
  it('ends cancelled, nothing sent, a run cancelled 0 to 24 Redis round trips after its start', async () => {
    // The Delay keeps every run going well past its cancel: none can end before it.
    const { main, api, runbookId } = await startPostingMain(bed.redis, bed.target.url, { delaySeconds: 1 });
    const worker = startTestWorker(bed.redis);
    const pinger = new Redis(bed.redis.url);
    try {
      await worker.ready;
      const runIds: string[] = [];
      // Each cancel comes a little later, so that some come as the worker takes the job.
      for (let roundTrips = 0; roundTrips < 25; roundTrips += 1) {
        const { runId } = await api.call('runs.start', { runbookId, inputs: { id: String(roundTrips) } });
        for (let trip = 0; trip < roundTrips; trip += 1) await pinger.ping();
        expect(await api.call('runs.cancel', { id: runId })).toEqual({ wasRunning: true });
        runIds.push(runId);
      }
      const statuses = [];
      for (const runId of runIds) statuses.push((await waitForRun(main, runId, 30)).status);
      expect(statuses).toEqual(runIds.map(() => 'cancelled'));
      expect(bed.received).toEqual([]);
    } finally {
      pinger.disconnect();
      await worker.close();
    }
  }, 120_000);
});
