/**
 * Approvals across restarts and with a Notify request, through a real backend on a temp data
 * directory: the link is shown again after a restart (kept sealed, never in clear) and works
 * once; an approval inside For each is taken up at the same iteration; a Notify request reaches
 * a local upstream with the link, its record masked, and a failing one fails the step (or not).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api/contract';
import { databaseFileName, type Backend } from '../backend';
import { approvalDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** What the upstream received; it answers 500 to a body asking for it. */
const received: string[] = [];
const upstream = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  request.on('end', () => {
    received.push(body);
    response.writeHead(body.includes('please fail') ? 500 : 201, { 'content-type': 'application/json' });
    response.end('{"id":"chat-1"}');
  });
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

async function waitForApproval(backend: Backend, runId: string, seq?: number) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const [approval] = await inProcessApi(backend).call('approvals.list', { runId });
    if (approval !== undefined && (seq === undefined || approval.seq !== seq)) return approval;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never waited for its approval');
}

async function startRun(backend: Backend, draft: unknown) {
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ask' } });
  await api.call('runbooks.update', { id: runbookId, draft: draft as never });
  const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
  return runId;
}

const submit = (link: string, decision: string) =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision }).toString(),
  });

const simpleDraft = approvalDraft('yes via {{steps.ask.outputs.decidedVia}}');

describe('an approval after a restart', () => {
  it('shows its link again (kept sealed, not in clear), and the link decides once', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const runId = await startRun(first, simpleDraft);
    const before = await waitForApproval(first, runId);
    const token = before.link?.split('/').at(-1) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    stopBackend(first);
    // Neither the database nor its write-ahead log holds the token in clear.
    for (const file of fs.readdirSync(dataDirectory).filter((name) => name.startsWith(databaseFileName)))
      expect(fs.readFileSync(path.join(dataDirectory, file)).includes(token), file).toBe(false);

    const second = startBackend(dataDirectory);
    await second.triggersReady;
    const after = await waitForApproval(second, runId);
    expect(after.link?.split('/').at(-1)).toBe(token);
    expect((await submit(after.link ?? '', 'approved')).status).toBe(200);
    expect(await waitForRun(second, runId)).toMatchObject({ status: 'succeeded', message: 'yes via link' });
    const again = await submit(after.link ?? '', 'approved');
    expect(await again.text()).toContain('already decided');
  });

  it('inside For each, goes on at the same iteration with the loop item and its variables', async () => {
    const draft = {
      inputs: [{ name: 'list', type: 'json', isRequired: false, defaultValue: '["a","b","c"]' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'init', name: 'Init', type: 'setVariables', assignments: [{ name: 'seen', value: '' }] },
        { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.list}}', itemVariable: 'item' },
        { id: 'ask', name: 'Ask', type: 'approval', message: 'Item {{item}}?', timeoutMinutes: 60 },
        {
          id: 'add',
          name: 'Add',
          type: 'setVariables',
          assignments: [{ name: 'seen', value: '{{vars.seen}}{{item}}' }],
        },
        { id: 'done', name: 'Done', type: 'end', message: 'saw {{vars.seen}}' },
        { id: 'no', name: 'No', type: 'end', outcome: 'failed' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'init' },
        { from: 'init', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'ask' },
        { from: 'each', kind: 'done', to: 'done' },
        { from: 'ask', kind: 'approved', to: 'add' },
        { from: 'ask', kind: 'rejected', to: 'no' },
        { from: 'ask', kind: 'timed_out', to: 'no' },
        { from: 'add', kind: 'next', to: 'each' },
      ],
    };
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const runId = await startRun(first, draft);
    const atA = await waitForApproval(first, runId);
    expect(atA.message).toBe('Item a?');
    await inProcessApi(first).call('approvals.decide', { runId, decision: 'approved' });
    const atB = await waitForApproval(first, runId, atA.seq);
    expect(atB.message).toBe('Item b?');
    stopBackend(first);

    // Restarted: decided there, the run continues at b, not at the loop's start.
    const second = startBackend(dataDirectory);
    await second.triggersReady;
    expect((await waitForApproval(second, runId)).seq).toBe(atB.seq);
    await inProcessApi(second).call('approvals.decide', { runId, decision: 'approved' });
    const atC = await waitForApproval(second, runId, atB.seq);
    expect(atC.message).toBe('Item c?');
    stopBackend(second);

    const third = startBackend(dataDirectory);
    await third.triggersReady;
    await waitForApproval(third, runId);
    await inProcessApi(third).call('approvals.decide', { runId, decision: 'approved' });
    const run = await waitForRun(third, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'saw abc' });
    expect(run.steps.filter((step) => step.stepId === 'ask')).toHaveLength(3);
    expect(run.steps.filter((step) => step.stepId === 'each').map((step) => step.outputs)).toEqual([
      { index: 0, item: 'a' },
      { index: 1, item: 'b' },
      { index: 2, item: 'c' },
      { count: 3 },
    ]);
  });
});

describe('the Notify request', () => {
  async function notifyingRunbook(backend: Backend, text: string, onFailure: 'fail' | 'wait') {
    await backend.triggersReady;
    const api = inProcessApi(backend);
    const { id: integrationId } = await api.call('integrations.create', {
      details: { name: 'Chat', category: 'Other' },
    });
    await api.call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
    const method = await api.call('methods.create', {
      integrationId,
      definition: {
        name: 'Post',
        httpMethod: 'POST',
        path: '/messages',
        body: { kind: 'json', text: '{"text": "{{text}}"}' },
      } as never,
    });
    return startRun(backend, {
      ...simpleDraft,
      steps: simpleDraft.steps.map((step) =>
        step.id === 'ask'
          ? { ...step, notify: { methodId: method.id, arguments: { text }, onFailure } }
          : step,
      ),
    });
  }

  it('posts the link when the wait starts; the link it posted decides; its record masks the token', async () => {
    const backend = startBackend();
    const runId = await notifyingRunbook(
      backend,
      '{{approval.message}} {{approval.link}} by {{approval.expiresAt}}',
      'fail',
    );
    let approval: CallOutput<'approvals.list'>[number] | undefined;
    for (let attempt = 0; attempt < 400 && approval?.notify == null; attempt += 1) {
      approval = await waitForApproval(backend, runId);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(approval?.notify).toEqual({ status: 201, error: null });
    const posted = received.find((body) => body.includes(approval?.link ?? '?')) ?? '';
    expect(JSON.parse(posted)).toEqual({
      text: `Go? ${approval?.link ?? ''} by ${approval?.deadline ?? ''}`,
    });
    const link = /http:\/\/[^ ]+\/approvals\/[A-Za-z0-9_-]{43}/.exec(posted)?.[0] ?? '';
    expect((await submit(link, 'approved')).status).toBe(200);
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'yes via link' });
    const record = run.steps.find((step) => step.stepId === 'ask');
    expect(record?.outputs).toMatchObject({ notifyStatus: 201, notifyError: null });
    const token = link.split('/').at(-1) ?? '';
    expect(JSON.stringify(record?.request)).toContain('/approvals/••••');
    expect(JSON.stringify([record?.request, record?.response, record?.error])).not.toContain(token);
    // Its outputs name the link, decided and no longer working, without its token either.
    expect(record?.outputs.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approvals\/••••$/);
    expect(JSON.stringify(record?.outputs)).not.toContain(token);
  });

  it('fails the step when it fails, and the link no longer works', async () => {
    const backend = startBackend();
    const runId = await notifyingRunbook(backend, 'please fail {{approval.link}}', 'fail');
    const run = await waitForRun(backend, runId);
    expect(run.status).toBe('failed');
    expect(run.error).toContain('Its Notify request failed: The API answered 500.');
    expect(run.steps.find((step) => step.stepId === 'ask')?.response).toMatchObject({ status: 500 });
    expect(await inProcessApi(backend).call('approvals.list', { runId })).toEqual([]);
  });

  it('waits anyway when told to, the failure shown with the approval', async () => {
    const backend = startBackend();
    const runId = await notifyingRunbook(backend, 'please fail', 'wait');
    let approval: CallOutput<'approvals.list'>[number] | undefined;
    for (let attempt = 0; attempt < 400 && approval?.notify == null; attempt += 1) {
      approval = await waitForApproval(backend, runId);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(approval?.notify).toEqual({ status: 500, error: 'The API answered 500.' });
    await inProcessApi(backend).call('approvals.decide', { runId, decision: 'approved' });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded', message: 'yes via api' });
  });

  it('sends no message without its link while the webhook listener is not running: fails, or waits when told to', async () => {
    const before = received.length;
    const failing = startBackend(undefined, undefined, { startTriggers: false });
    const failed = await waitForRun(
      failing,
      await notifyingRunbook(failing, 'decide: {{approval.link}}', 'fail'),
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain(
      'Its Notify request failed: Not sent: {{approval.link}} needs the webhook listener',
    );

    const waiting = startBackend(undefined, undefined, { startTriggers: false });
    const runId = await notifyingRunbook(waiting, 'decide: {{approval.link}}', 'wait');
    let approval: CallOutput<'approvals.list'>[number] | undefined;
    for (let attempt = 0; attempt < 400 && approval?.notify == null; attempt += 1) {
      approval = await waitForApproval(waiting, runId);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(approval?.link).toBeNull();
    expect(approval?.notify).toEqual({ status: null, error: expect.stringContaining('Not sent') as unknown });
    await inProcessApi(waiting).call('approvals.decide', { runId, decision: 'approved' });
    expect(await waitForRun(waiting, runId)).toMatchObject({ status: 'succeeded', message: 'yes via api' });
    expect(received.length).toBe(before);
  });
});
