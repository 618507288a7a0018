/**
 * A run cancelled as it reaches its Wait for approval ends cancelled, its approval no longer
 * pending: the cancel may come while the approval is being kept, before the wait listens for it.
 */
import { describe, expect, it } from 'vitest';
import { isRunGoing } from '../../../shared/domain/runStatus';
import { approvalDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { waitForRun } from '../testSupport/runs';

describe('a run cancelled as it reaches its approval', () => {
  it('ends cancelled, whichever moment of the approval step the cancel meets', async () => {
    const backend = startBackend();
    await backend.triggersReady;
    const api = inProcessApi(backend);
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ask' } });
    await api.call('runbooks.update', { id: runbookId, draft: approvalDraft() });
    // The cancel comes 0 to 5 turns of the job queue after the start: one of them lands between
    // the approval being kept and the wait listening for a cancel.
    for (let turns = 0; turns <= 5; turns += 1) {
      const { runId } = await api.call('runs.start', { runbookId });
      for (let turn = 0; turn < turns; turn += 1) await Promise.resolve();
      expect(await api.call('runs.cancel', { id: runId })).toEqual({ wasRunning: true });
      const run = await waitForRun(backend, runId);
      expect(isRunGoing(run.status), `cancelled after ${String(turns)} turns`).toBe(false);
      expect(run).toMatchObject({ status: 'cancelled', error: 'Cancelled.' });
    }
    expect(await api.call('approvals.list', {})).toEqual([]);
  });
});
