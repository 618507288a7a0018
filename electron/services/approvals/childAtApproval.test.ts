/**
 * A child run (started by a Run runbook step) waiting for an approval ends with its parent: when
 * the start-up clean-up fails the parent (interrupted), the child is not taken up again, it fails
 * naming its parent run, and its approval no longer decides anything; a parent cancelled or
 * deleted takes its waiting child with it. Through real backends on a temp data directory, the
 * child's request aimed at a local API that counts what it receives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend';
import { waitForRun } from '../testSupport/runs';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { oneStepDraft } from '../testSupport/drafts';

/** The requests the API received, by method. */
const received: string[] = [];
const upstream = http.createServer((request, response) => {
  received.push(request.method ?? '');
  request.resume();
  response.writeHead(201, { 'content-type': 'application/json' });
  response.end('{"id":1}');
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

/**
 * A child runbook Start → Ask (approval) → Create ticket (POST) → Done, the runbook running it,
 * and (with `levels` 2) one running that: the ids, outermost first.
 */
async function setUp(backend: Backend, levels: 1 | 2): Promise<string[]> {
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
  const { id: methodId } = await api.call('methods.create', {
    integrationId,
    definition: { name: 'Create ticket', httpMethod: 'POST', path: '/tickets' },
  });
  const { id: childId } = await api.call('runbooks.create', { details: { name: 'Ask then open' } });
  await api.call('runbooks.update', {
    id: childId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'ask', name: 'Ask', type: 'approval', message: 'Open it?', timeoutMinutes: 60 },
        { id: 'create', name: 'Create ticket', type: 'method', methodId },
        { id: 'done', name: 'Done', type: 'end' },
        { id: 'no', name: 'No', type: 'end', outcome: 'failed' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'ask' },
        { from: 'ask', kind: 'approved', to: 'create' },
        { from: 'ask', kind: 'rejected', to: 'no' },
        { from: 'ask', kind: 'timed_out', to: 'no' },
        { from: 'create', kind: 'success', to: 'done' },
      ],
    } as never,
  });
  const ids = [childId];
  for (let level = 0; level < levels; level += 1) {
    const { id } = await api.call('runbooks.create', { details: { name: `Level ${String(level)}` } });
    const runbookId = ids[0] ?? '';
    await api.call('runbooks.update', {
      id,
      draft: oneStepDraft({ id: 'call', name: 'Open a ticket', type: 'runRunbook', runbookId }),
    });
    ids.unshift(id);
  }
  return ids;
}

/** The one approval pending, once the run of `runbookId` waits for it (bounded: 10 s). */
async function waitForApprovalOf(backend: Backend, runbookId: string) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const approvals = await inProcessApi(backend).call('approvals.list', {});
    const approval = approvals.find((candidate) => candidate.runbookId === runbookId);
    if (approval !== undefined) return approval;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the child run never waited for its approval');
}

/** The id of the only run of a runbook. */
async function onlyRunOf(backend: Backend, runbookId: string): Promise<string> {
  const runs = await inProcessApi(backend).call('runs.list', { runbookId });
  expect(runs).toHaveLength(1);
  return runs[0]?.id ?? '';
}

const interrupted = 'interrupted: the app stopped while this run was going';

describe('a child run waiting for an approval', () => {
  it('ends with its parent when the next start fails the parent, naming it, and sends nothing', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const [parentBook = '', childBook = ''] = await setUp(first, 1);
    const { runId: parentRun } = await inProcessApi(first).call('runs.start', { runbookId: parentBook });
    const { runId: childRun } = await waitForApprovalOf(first, childBook);
    stopBackend(first);
    const postsBefore = received.length;

    const second = startBackend(dataDirectory);
    await second.triggersReady;
    const api = inProcessApi(second);
    expect(await api.call('approvals.list', {})).toEqual([]);
    expect(await waitForRun(second, parentRun)).toMatchObject({ status: 'failed', error: interrupted });
    const child = await waitForRun(second, childRun);
    expect(child.status).toBe('failed');
    expect(child.error).toContain(`its parent run ${parentRun}`);
    expect(child.steps.find((step) => step.stepId === 'ask')).toMatchObject({ status: 'failed' });
    await expect(
      api.call('approvals.decide', { runId: childRun, decision: 'approved' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.length).toBe(postsBefore);
  });

  it('two levels down, ends with the run that started it, and so do both parents', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const [outerBook = '', middleBook = '', childBook = ''] = await setUp(first, 2);
    const { runId: outerRun } = await inProcessApi(first).call('runs.start', { runbookId: outerBook });
    const { runId: childRun } = await waitForApprovalOf(first, childBook);
    const middleRun = await onlyRunOf(first, middleBook);
    stopBackend(first);

    const second = startBackend(dataDirectory);
    await second.triggersReady;
    expect(await inProcessApi(second).call('approvals.list', {})).toEqual([]);
    expect(await waitForRun(second, outerRun)).toMatchObject({ status: 'failed', error: interrupted });
    expect(await waitForRun(second, middleRun)).toMatchObject({ status: 'failed', error: interrupted });
    expect((await waitForRun(second, childRun)).error).toContain(`its parent run ${middleRun}`);
  });

  it('ends cancelled when its parent is cancelled, and is not taken up at the next start', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const [parentBook = '', childBook = ''] = await setUp(first, 1);
    const api = inProcessApi(first);
    const { runId: parentRun } = await api.call('runs.start', { runbookId: parentBook });
    const { runId: childRun } = await waitForApprovalOf(first, childBook);
    await api.call('runs.cancel', { id: parentRun });
    expect(await waitForRun(first, parentRun)).toMatchObject({ status: 'cancelled' });
    expect(await waitForRun(first, childRun)).toMatchObject({ status: 'cancelled' });
    expect(await api.call('approvals.list', {})).toEqual([]);
    stopBackend(first);

    const second = startBackend(dataDirectory);
    await second.triggersReady;
    expect(await inProcessApi(second).call('approvals.list', {})).toEqual([]);
    expect(await waitForRun(second, childRun)).toMatchObject({ status: 'cancelled' });
  });

  it('ends cancelled when the parent runbook is deleted with its runs, and the child run stays listed', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const [parentBook = '', childBook = ''] = await setUp(first, 1);
    const api = inProcessApi(first);
    await api.call('runs.start', { runbookId: parentBook });
    const { runId: childRun } = await waitForApprovalOf(first, childBook);
    await api.call('runbooks.delete', { id: parentBook });
    expect(await waitForRun(first, childRun)).toMatchObject({ status: 'cancelled' });
    expect(await api.call('approvals.list', {})).toEqual([]);
    stopBackend(first);

    const second = startBackend(dataDirectory);
    await second.triggersReady;
    expect(await inProcessApi(second).call('approvals.list', {})).toEqual([]);
    expect(await onlyRunOf(second, childBook)).toBe(childRun);
  });
});
