/**
 * A published run of a runbook that runs another: the child's latest available version runs; a
 * child never published runs its draft; a child whose every version was switched off (its kill
 * switch) does not run at all, its draft least of all. Real backend, a webhook delivery on the
 * loopback listener.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CallInput } from '../../../shared/api/contract';
import { startBackend } from '../testSupport/temporaryBackend';
import { waitForRun } from '../testSupport/runs';
import { inProcessApi } from '../testSupport/typedApi';

const secret = 'whsec-child-9e1f';
type ChildDraft = NonNullable<CallInput<'runbooks.update'>['draft']>;

/** "Child" (Start → End with `message`) and "Parent" (webhook Start → Run runbook Child → End), published. */
async function setUp() {
  const backend = startBackend();
  await backend.triggersReady;
  const { call } = inProcessApi(backend);
  /** The child's draft: it sets `which` to `message` (its outputs to the Run runbook step). */
  const endWith = (message: string): ChildDraft => ({
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'set', name: 'Set', type: 'setVariables', assignments: [{ name: 'which', value: message }] },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'set' },
      { from: 'set', kind: 'next', to: 'done' },
    ],
  });
  const { id: childId } = await call('runbooks.create', { details: { name: 'Child' } });
  await call('runbooks.update', { id: childId, draft: endWith('published child') });
  const { id: parentId } = await call('runbooks.create', { details: { name: 'Parent' } });
  await call('runbooks.update', {
    id: parentId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, inputMapping: [] } },
        { id: 'child', name: 'Run child', type: 'runRunbook', runbookId: childId, inputs: {} },
        { id: 'done', name: 'Done', type: 'end', message: '{{steps.child.outputs.which}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'child' },
        { from: 'child', kind: 'success', to: 'done' },
      ],
    },
  });
  await call('runbooks.publish', { id: parentId, note: 'v1' });
  await call('runbooks.setTriggerSecret', { id: parentId, secret });
  const url = (await call('runbooks.triggers', { id: parentId })).webhook.url ?? '';
  const signature = `sha256=${crypto.createHmac('sha256', secret).update('{}').digest('hex')}`;
  /** A delivery to the parent's webhook; the run it started, once over. */
  const deliver = async () => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body: '{}',
    });
    expect(answer.status).toBe(202);
    return waitForRun(backend, ((await answer.json()) as { runId: string }).runId);
  };
  return { backend, call, childId, endWith, deliver };
}

describe('a published run of a runbook that runs another', () => {
  it('runs the child’s available version, and not at all once every version is switched off', async () => {
    const { call, childId, endWith, deliver } = await setUp();
    const { id: versionId } = await call('runbooks.publish', { id: childId, note: 'v1' });
    await call('runbooks.update', { id: childId, draft: endWith('work in progress') });
    expect(await deliver()).toMatchObject({ status: 'succeeded', message: 'published child' });

    await call('runbooks.setVersionAvailable', { id: childId, versionId, isAvailable: false });
    const refused = await deliver();
    expect(refused.status).toBe('failed');
    expect(refused.steps.find((step) => step.stepId === 'child')?.error).toBe(
      '"Child" cannot run: every published version of it is switched off, and a published run does not run its draft instead. Switch one on, or publish it again.',
    );
    expect(JSON.stringify(refused)).not.toContain('work in progress');
  });

  it('runs the draft of a child never published', async () => {
    const { call, childId, endWith, deliver } = await setUp();
    await call('runbooks.update', { id: childId, draft: endWith('draft child') });
    expect(await deliver()).toMatchObject({ status: 'succeeded', message: 'draft child' });
  });
});
