/** queue.status says where runs run: this process, or the queue named by its address. */
import { describe, expect, it } from 'vitest';
import type { QueueStatus } from './queuedEngine';
import { createQueueStatusCall } from './queueStatusCall';

describe('the queue.status call', () => {
  it('answers single outside queue mode', async () => {
    expect(await createQueueStatusCall(undefined, undefined)()).toEqual({ mode: 'single' });
  });

  it("answers the queue's address and state in queue mode", async () => {
    const state: QueueStatus = { waiting: 2, active: 1, delayed: 0, failed: 0, workers: [], problem: null };
    const call = createQueueStatusCall({ status: () => Promise.resolve(state) }, 'redis://127.0.0.1:6379');
    expect(await call()).toEqual({ mode: 'queue', address: 'redis://127.0.0.1:6379', ...state });
  });
});
