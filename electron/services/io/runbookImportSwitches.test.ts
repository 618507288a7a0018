/**
 * Importing a runbook file over a runbook's draft keeps the draft's webhook switch and schedule
 * pause, which apply at once (triggers/triggerSwitches.ts): a real backend with its webhook
 * listener, SQLite in a temp folder.
 */
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api/contract';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
type Graph = CallOutput<'runbooks.get'>['draft'];

/** Start → End, with the End's message and the Start step's webhook and schedule as given. */
const draftWith = (message: string, isWebhookOn: boolean, isSchedulePaused: boolean) => ({
  steps: [
    {
      id: 'start',
      name: 'Start',
      type: 'start',
      webhook: { isEnabled: isWebhookOn, authentication: 'none' },
      schedule: { isEnabled: true, expression: '0 9 * * *', isPaused: isSchedulePaused },
    },
    { id: 'done', name: 'Done', type: 'end', message },
  ],
  edges: [{ from: 'start', kind: 'next', to: 'done' }],
  positions: { start: { x: 0, y: 0 }, done: { x: 0, y: 120 } },
});

/** The status of a POST of `{}` to the runbook's webhook. */
async function deliver(backend: Backend, id: string): Promise<number> {
  const { webhook } = await inProcessApi(backend).call('runbooks.triggers', { id });
  const answer = await fetch(webhook.url ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return answer.status;
}

const endMessageOf = (graph: Graph) => {
  const step = graph.steps.find((candidate) => candidate.id === 'done');
  return step?.type === 'end' ? step.message : undefined;
};

describe('runbook import replacing a draft', () => {
  it('keeps the draft’s webhook off and its schedule paused, taking the file’s steps', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    await backend.triggersReady;
    const { id } = await api.call('runbooks.create', { details: { name: 'Reset password' } });
    await backend.dispatch('runbooks.update', { id, draft: draftWith('from the file', true, false) });
    await api.call('runbooks.publish', { id, note: 'v1' });
    // The file's Start has the webhook on and the schedule active.
    const { content } = await api.call('runbooks.export', { id });
    await backend.dispatch('runbooks.update', { id, draft: draftWith('mine', false, true) });
    expect(await deliver(backend, id)).toBe(404);

    const imported = await api.call('runbooks.import', { content, mode: 'replaceDraft' });

    expect(imported.runbookId).toBe(id);
    expect(await deliver(backend, id)).toBe(404);
    const status = await api.call('runbooks.triggers', { id });
    expect(status.schedule.nextTimes).toEqual([]);
    const { draft } = await api.call('runbooks.get', { id });
    expect(endMessageOf(draft)).toBe('from the file');
    expect(draft.steps.find((step) => step.type === 'start')).toMatchObject({
      webhook: { isEnabled: false },
      schedule: { isEnabled: true, isPaused: true },
    });
    expect(await backend.dispatch('runs.list', { runbookId: id })).toEqual([]);
  });
});
