/**
 * A Run runbook step that leaves a required input of the runbook it runs empty is a problem of the
 * draft, as the run of that runbook would refuse it at its start: named on the step, refused at
 * publish and at a run's start. Real backend on SQLite in a temp folder.
 */
import { describe, expect, it } from 'vitest';
import { oneStepDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const ticketInput = { name: 'ticket', type: 'string' as const, isRequired: true };
const missingTicket = '"Close it": give "ticket" a value; the runbook it runs requires it.';

/** "Close ticket" (Start → End, with `inputs`) and "Escalate", which runs it with `given`. */
async function setUp(inputs: (typeof ticketInput)[], given: Record<string, string>) {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id: childId } = await api.call('runbooks.create', { details: { name: 'Close ticket' } });
  await api.call('runbooks.update', {
    id: childId,
    draft: { ...oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds: '0' }), inputs },
  });
  const { id: parentId } = await api.call('runbooks.create', { details: { name: 'Escalate' } });
  const runChild = (values: Record<string, string>) =>
    api.call('runbooks.update', {
      id: parentId,
      draft: oneStepDraft({
        id: 'child',
        name: 'Close it',
        type: 'runRunbook',
        runbookId: childId,
        inputs: values,
      }),
    });
  await runChild(given);
  return { backend, api, childId, parentId, runChild };
}

describe('a required input of the runbook a Run runbook step runs', () => {
  it('left empty is a problem of the step, and publish refuses it until it is given', async () => {
    const { backend, api, parentId, runChild } = await setUp([ticketInput], {});
    expect((await api.call('runbooks.validate', { id: parentId })).issues).toEqual([
      { stepId: 'child', message: missingTicket },
    ]);
    await expect(backend.dispatch('runbooks.publish', { id: parentId, note: 'v1' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: `The runbook cannot be published yet: ${missingTicket}`,
    });
    expect(await api.call('runbooks.versions', { id: parentId })).toEqual([]);
    await expect(backend.dispatch('runs.start', { runbookId: parentId })).rejects.toMatchObject({
      code: 'invalid_input',
      message: `The runbook cannot run yet: ${missingTicket}`,
    });

    await runChild({ ticket: 'T-1' });
    expect((await api.call('runbooks.validate', { id: parentId })).issues).toEqual([]);
    expect(await api.call('runbooks.publish', { id: parentId, note: 'v1' })).toMatchObject({ number: 1 });
  });

  it('added to the runbook after a run checked out refuses the next run (not the remembered check)', async () => {
    const { backend, api, childId, parentId } = await setUp([], {});
    const first = await api.call('runs.start', { runbookId: parentId });
    expect((await waitForRun(backend, first.runId)).status).toBe('succeeded');
    const child = await api.call('runbooks.get', { id: childId });
    await api.call('runbooks.update', { id: childId, draft: { ...child.draft, inputs: [ticketInput] } });
    await expect(backend.dispatch('runs.start', { runbookId: parentId })).rejects.toMatchObject({
      message: `The runbook cannot run yet: ${missingTicket}`,
    });
  });

  it('is read from the version a published run runs: the child’s latest available one', async () => {
    const { api, childId, parentId } = await setUp([], {});
    await api.call('runbooks.publish', { id: childId, note: 'asks for nothing' });
    const child = await api.call('runbooks.get', { id: childId });
    await api.call('runbooks.update', { id: childId, draft: { ...child.draft, inputs: [ticketInput] } });
    // The draft's runs run the child's draft, which asks for the ticket; its published runs do not.
    expect((await api.call('runbooks.validate', { id: parentId })).issues).toEqual([
      { stepId: 'child', message: missingTicket },
    ]);
    expect(await api.call('runbooks.publish', { id: parentId, note: 'v1' })).toMatchObject({ number: 1 });
    await api.call('runbooks.publish', { id: childId, note: 'asks for the ticket' });
    await expect(api.call('runbooks.publish', { id: parentId, note: 'v2' })).rejects.toMatchObject({
      message: `The runbook cannot be published yet: ${missingTicket}`,
    });
  });
});
