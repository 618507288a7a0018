/**
 * Start-up takes up only the runs that were waiting when the app stopped: a run started in this
 * process that reaches its approval before the webhook listener is up (the listener is what the
 * taking-up waits for) is going already, and is left alone — its step record kept, nothing thrown.
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { approvalDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

describe('a run that waits for an approval before the webhook listener is up', () => {
  it('keeps its approval step record and goes on once approved', async () => {
    const log: string[] = [];
    const backend = startBackend(undefined, undefined, { log: (line) => log.push(line) });
    const api = inProcessApi(backend);
    // Not waiting for triggersReady, as a window or API client at start-up does not.
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ask' } });
    await api.call('runbooks.update', { id: runbookId, draft: approvalDraft() });
    const { runId } = await api.call('runs.start', { runbookId });
    // The start-up takes up waiting runs as soon as this settles, before the lines below go on.
    await backend.triggersReady;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await api.call('approvals.list', { runId })).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(log.filter((line) => line.includes('wait again') || line.includes('could not'))).toEqual([]);
    expect((await api.call('runs.get', { id: runId })).steps.map((step) => step.stepId)).toEqual([
      'start',
      'ask',
    ]);
    await api.call('approvals.decide', { runId, decision: 'approved' });
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'approved' });
    expect(run.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['ask', 'succeeded'],
      ['yes', 'succeeded'],
    ]);
  });
});
