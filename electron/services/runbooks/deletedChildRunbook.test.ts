/**
 * A runbook deleted while another's Run runbook step runs it: the step says so as a problem of
 * the draft, so a run, a publish and a test case's replay are refused naming it, rather than
 * started to fail at that step (and a version published that always fails there).
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { inputEchoDraft, oneStepDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

describe('a Run runbook step whose runbook was deleted', () => {
  it('is a problem of the draft: runs, publishes and replays are refused, naming the step', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id: childId } = await api.call('runbooks.create', { details: { name: 'Child' } });
    await api.call('runbooks.update', { id: childId, draft: inputEchoDraft('ticket', 'got') });
    const { id: parentId } = await api.call('runbooks.create', { details: { name: 'Parent' } });
    await api.call('runbooks.update', {
      id: parentId,
      draft: oneStepDraft({
        id: 'child',
        name: 'Run child',
        type: 'runRunbook',
        runbookId: childId,
        inputs: { ticket: 'T-1' },
      }),
    });
    const { runId } = await api.call('runs.start', { runbookId: parentId });
    expect((await waitForRun(backend, runId)).status).toBe('succeeded');
    await api.call('testCases.saveFromRun', { runId, name: 'Runs the child' });

    await api.call('runbooks.delete', { id: childId });
    const problem = '"Run child" runs a runbook that no longer exists. Choose another.';
    await expect(api.call('runs.start', { runbookId: parentId })).rejects.toThrow(problem);
    await expect(api.call('runbooks.publish', { id: parentId, note: '' })).rejects.toThrow(problem);
    const [result] = await api.call('testCases.run', { runbookId: parentId });
    expect(result?.failures).toEqual([`The runbook cannot run: ${problem}`]);
  });
});
