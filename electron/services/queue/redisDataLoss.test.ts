/**
 * Redis killed and started again without its data (no append-only file, or emptied): the main
 * goes on reading its workers' records, so the runs it queues from then on are recorded to
 * their end. Real redis-server (no append-only file), real worker, a local HTTP target.
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { startPostingMain, startTestWorker } from './testSupport/queueMain';
import { useQueueTestBed } from './testSupport/queueTestBed';

const bed = useQueueTestBed();

describe('Redis restarted without its data', () => {
  it('records the runs queued afterwards to their end', async () => {
    const logged: string[] = [];
    const { main, api, runbookId } = await startPostingMain(bed.redis, bed.target.url, {
      log: (line) => logged.push(line),
    });
    const worker = startTestWorker(bed.redis);
    try {
      await worker.ready;
      const before = await api.call('runs.start', { runbookId, inputs: { id: 'before' } });
      expect(await waitForRun(main, before.runId, 30)).toMatchObject({ status: 'succeeded' });

      await bed.redis.kill();
      await bed.redis.restart();
      const after = await api.call('runs.start', { runbookId, inputs: { id: 'after' } });
      expect(await waitForRun(main, after.runId, 30)).toMatchObject({ status: 'succeeded' });
      expect(bed.received).toEqual(['POST /tickets/before', 'POST /tickets/after']);
      // Said once, not every second for ever.
      expect(logged.filter((line) => line.includes('NOGROUP')).length).toBeLessThanOrEqual(2);
    } finally {
      await worker.close();
    }
  }, 90_000);
});
