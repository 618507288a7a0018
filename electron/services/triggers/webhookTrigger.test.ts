/**
 * Webhook triggers through the whole backend: a signed delivery to the listener starts the
 * runbook's latest available published version, whose method step calls python3-httpbin with an
 * input mapped from the payload.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/api/contract';
import { startHttpbin, type Httpbin } from '../http/testSupport/httpbin';
import { startBackend } from '../testSupport/temporaryBackend';
import { waitForRun } from '../testSupport/runs';
import { inProcessApi } from '../testSupport/typedApi';

let httpbin: Httpbin;
beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);
afterAll(async () => {
  await httpbin.stop();
});

type Backend = ReturnType<typeof startBackend>;

const secret = 'whsec-4c7e9a1b2d3f';

/** The webhook runbook's draft; `outcome` is how its End step ends the run. */
const draftOf = (methodId: string, outcome: 'succeeded' | 'failed' = 'succeeded') => ({
  inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
  steps: [
    {
      id: 'start',
      name: 'Start',
      type: 'start',
      webhook: { isEnabled: true, inputMapping: [{ input: 'ticket', path: '$.ticket.summary' }] },
    },
    { id: 'echo', name: 'Echo', type: 'method', methodId, arguments: { ticket: '{{inputs.ticket}}' } },
    { id: 'done', name: 'Done', type: 'end', outcome, message: '{{steps.echo.outputs.echoed}}' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'echo' },
    { from: 'echo', kind: 'success', to: 'done' },
  ],
});

/** A backend with the webhook runbook, published as version 1 unless told otherwise. */
async function setUp({ isPublished = true } = {}) {
  const backend = startBackend();
  await backend.triggersReady;
  const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'httpbin', category: 'Other' },
  });
  await backend.dispatch('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: httpbin.url },
  });
  const { id: methodId } = await inProcessApi(backend).call('methods.create', {
    integrationId,
    definition: {
      name: 'Echo',
      httpMethod: 'POST',
      path: '/anything',
      body: { kind: 'json', text: '{"ticket": "{{ticket}}"}' },
      outputs: [{ name: 'echoed', expression: 'response^json^ticket!' }],
    },
  });
  const { id: runbookId } = await inProcessApi(backend).call('runbooks.create', {
    details: { name: 'On new ticket' },
  });
  await backend.dispatch('runbooks.update', { id: runbookId, draft: draftOf(methodId) });
  const version = isPublished
    ? await inProcessApi(backend).call('runbooks.publish', { id: runbookId, note: 'First' })
    : null;
  return { backend, runbookId, methodId, version };
}

const urlOf = async (backend: Backend, runbookId: string) =>
  (await inProcessApi(backend).call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';

const deliver = (url: string, body: string, signature?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
  });

describe('webhook trigger', () => {
  it('runs the published version for a signed delivery, with inputs from the payload, and logs it', async () => {
    const { backend, runbookId, version } = await setUp();
    expect(await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret })).toEqual({
      hasSecret: true,
    });
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(status.webhook).toEqual({
      url: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/webhooks/${runbookId}$`)),
      hasSecret: true,
      error: null,
    });
    const url = status.webhook.url ?? '';
    const body = JSON.stringify({ ticket: { id: 12, summary: 'Printer on fire' } });
    const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;

    const accepted = await deliver(url, body, signature);
    expect(accepted.status).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({
      status: 'succeeded',
      trigger: 'webhook',
      inputs: { ticket: 'Printer on fire' },
      versionId: version?.id,
    });
    expect(run.steps.find((step) => step.stepId === 'echo')?.outputs).toMatchObject({
      echoed: 'Printer on fire',
    });

    const refused = await deliver(url, body, `sha256=${'0'.repeat(64)}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: { code: 'signature_invalid', message: expect.any(String) },
    });

    const events = (await inProcessApi(backend).call('runbooks.triggers', { id: runbookId })).events;
    expect(events.map((event) => [event.outcome, event.status, event.runId])).toEqual([
      ['refused', 403, null],
      ['started', 202, runId],
    ]);
  });

  it('pushes each logged delivery to the windows as triggers.logged, as the trigger status then lists it', async () => {
    const { backend, runbookId } = await setUp();
    await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret });
    const pushed: EventPayload<'triggers.logged'>[] = [];
    const subscription = backend.events.onDidEmit((message) => {
      if (message.name === 'triggers.logged') pushed.push(message.payload);
    });
    const url = await urlOf(backend, runbookId);
    const body = JSON.stringify({ ticket: { summary: 'Badge reader offline' } });
    const accepted = await deliver(
      url,
      body,
      `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`,
    );
    await waitForRun(backend, ((await accepted.json()) as { runId: string }).runId);
    expect((await deliver(url, body, 'sha256=00')).status).toBe(403);
    subscription.dispose();

    const { events } = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(pushed.map((payload) => payload.runbookId)).toEqual([runbookId, runbookId]);
    expect(pushed.map((payload) => payload.lastFiredAt)).toEqual([null, null]);
    // Newest first in the status, in the order they happened on the event bus.
    expect(pushed.map((payload) => payload.entry).reverse()).toEqual(
      events.map(({ id: _, ...entry }) => entry),
    );
  });

  it('answers 409 until the runbook is published, logs the refusal and says which version runs', async () => {
    const { backend, runbookId } = await setUp({ isPublished: false });
    const before = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(before.version).toBeNull();
    const refused = await deliver(before.webhook.url ?? '', '{"ticket": {"summary": "x"}}');
    expect(refused.status).toBe(409);
    const notPublished =
      'No published version of this runbook is available: publish it, or switch a version back on, to run it from its webhook.';
    expect(await refused.json()).toEqual({ error: { code: 'not_published', message: notPublished } });
    const after = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(after.events.map((event) => [event.outcome, event.status, event.message])).toEqual([
      ['refused', 409, notPublished],
    ]);
    expect(await backend.dispatch('runs.list', { runbookId })).toEqual([]);

    const published = await inProcessApi(backend).call('runbooks.publish', { id: runbookId, note: '' });
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(status.version).toEqual({ number: 1, publishedAt: published.publishedAt });
    // Unknown runbooks still answer 404.
    const unknown = await deliver(status.webhook.url?.replace(runbookId, 'no-such-runbook') ?? '', '{}');
    expect(unknown.status).toBe(404);
  });

  it('switches off and on again at once, without publishing, running the published version', async () => {
    const { backend, runbookId, methodId, version } = await setUp();
    await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret });
    const body = JSON.stringify({ ticket: { summary: 'Keyboard missing' } });
    const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
    const url = await urlOf(backend, runbookId);
    const switchedOff = draftOf(methodId);
    const [start] = switchedOff.steps;
    if (start?.webhook !== undefined) start.webhook.isEnabled = false;
    await backend.dispatch('runbooks.update', { id: runbookId, draft: switchedOff });
    expect((await deliver(url, body, signature)).status).toBe(404);

    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftOf(methodId) });
    const accepted = await deliver(url, body, signature);
    expect(accepted.status).toBe(202);
    const run = await waitForRun(backend, ((await accepted.json()) as { runId: string }).runId);
    expect(run).toMatchObject({ status: 'succeeded', versionId: version?.id });
    expect(await inProcessApi(backend).call('runbooks.versions', { id: runbookId })).toHaveLength(1);
  });

  it('runs the published version, not the draft edited since', async () => {
    const { backend, runbookId, methodId, version } = await setUp();
    await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret });
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftOf(methodId, 'failed') });
    const body = JSON.stringify({ ticket: { summary: 'Mouse missing' } });
    const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
    const accepted = await deliver(await urlOf(backend, runbookId), body, signature);
    const run = await waitForRun(backend, ((await accepted.json()) as { runId: string }).runId);
    // The draft's End step would fail the run; version 1's succeeds.
    expect(run).toMatchObject({ status: 'succeeded', versionId: version?.id });
    const versions = await inProcessApi(backend).call('runbooks.versions', {
      id: runbookId,
    });
    expect(versions.map((listed) => [listed.number, listed.runCount])).toEqual([[1, 1]]);
    // Run again repeats the version that ran, not the draft.
    const again = await inProcessApi(backend).call('runs.rerun', { id: run.id });
    expect(await waitForRun(backend, again.runId)).toMatchObject({
      status: 'succeeded',
      trigger: 'rerun',
      versionId: version?.id,
    });
  });

  it('runs the published version of a sub-runbook in a published run, its draft in a draft run', async () => {
    const { backend, runbookId: parentId, methodId } = await setUp({ isPublished: false });
    const { id: childId } = await inProcessApi(backend).call('runbooks.create', {
      details: { name: 'Child' },
    });
    const childDraft = (outcome: 'succeeded' | 'failed') => ({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'done', name: 'Done', type: 'end', outcome, message: 'child ended' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    });
    await backend.dispatch('runbooks.update', { id: childId, draft: childDraft('succeeded') });
    const childVersion = await inProcessApi(backend).call('runbooks.publish', { id: childId, note: '' });
    // Since published, the child's draft fails.
    await backend.dispatch('runbooks.update', { id: childId, draft: childDraft('failed') });
    const parent = draftOf(methodId);
    await backend.dispatch('runbooks.update', {
      id: parentId,
      draft: {
        ...parent,
        steps: [
          ...parent.steps.filter((step) => step.type === 'start'),
          { id: 'child', name: 'Child', type: 'runRunbook', runbookId: childId, inputs: {} },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'child' },
          { from: 'child', kind: 'success', to: 'done' },
        ],
      },
    });
    await backend.dispatch('runbooks.publish', { id: parentId, note: '' });
    await backend.dispatch('runbooks.setTriggerSecret', { id: parentId, secret });

    const body = JSON.stringify({ ticket: { summary: 'Nested' } });
    const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
    const accepted = await deliver(await urlOf(backend, parentId), body, signature);
    expect(accepted.status).toBe(202);
    const published = await waitForRun(backend, ((await accepted.json()) as { runId: string }).runId);
    expect(published.status).toBe('succeeded');
    const childRuns = await inProcessApi(backend).call('runs.list', {
      runbookId: childId,
    });
    expect(childRuns.map((run) => [run.status, run.versionId])).toEqual([['succeeded', childVersion.id]]);

    const { runId } = await inProcessApi(backend).call('runs.start', {
      runbookId: parentId,
      inputs: { ticket: 'x' },
    });
    const draftRun = await waitForRun(backend, runId);
    expect(draftRun.status).toBe('failed');
    const latest = await inProcessApi(backend).call('runs.list', { runbookId: childId });
    expect(latest[0]).toMatchObject({ status: 'failed', versionId: null });
  });

  it('skips unavailable versions, and answers 409 when none is available', async () => {
    const { backend, runbookId, methodId, version } = await setUp();
    await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret });
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftOf(methodId, 'failed') });
    const second = await inProcessApi(backend).call('runbooks.publish', { id: runbookId, note: 'Second' });
    await backend.dispatch('runbooks.setVersionAvailable', {
      id: runbookId,
      versionId: second.id,
      isAvailable: false,
    });
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(status.version?.number).toBe(1);
    const body = JSON.stringify({ ticket: { summary: 'Screen flickers' } });
    const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
    const url = await urlOf(backend, runbookId);
    const accepted = await deliver(url, body, signature);
    expect(accepted.status).toBe(202);
    const run = await waitForRun(backend, ((await accepted.json()) as { runId: string }).runId);
    expect(run).toMatchObject({ status: 'succeeded', versionId: version?.id });

    await backend.dispatch('runbooks.setVersionAvailable', {
      id: runbookId,
      versionId: version?.id ?? '',
      isAvailable: false,
    });
    expect((await deliver(url, body, signature)).status).toBe(409);
    expect((await inProcessApi(backend).call('runbooks.triggers', { id: runbookId })).version).toBeNull();
  });

  it('keeps the secret encrypted and never returns it', async () => {
    const { backend, runbookId } = await setUp();
    await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret });
    const everything = JSON.stringify([
      await backend.dispatch('runbooks.get', { id: runbookId }),
      await backend.dispatch('runbooks.triggers', { id: runbookId }),
    ]);
    expect(everything).not.toContain(secret);
    const fs = await import('node:fs');
    expect(fs.readFileSync(backend.databaseFile).includes(Buffer.from(secret))).toBe(false);
    expect(await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret: null })).toEqual({
      hasSecret: false,
    });
  });

  it('moves the listener when the address changes, and refuses a port that is taken at its field', async () => {
    const { backend, runbookId } = await setUp();
    const before =
      (await inProcessApi(backend).call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    await expect(backend.dispatch('settings.update', { webhookPort: taken })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'webhookPort',
      message: expect.stringContaining('already in use'),
    });
    blocker.close();
    expect((await inProcessApi(backend).call('runbooks.triggers', { id: runbookId })).webhook.url).toBe(
      before,
    );

    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise((resolve) => free.close(resolve));
    const settings = await inProcessApi(backend).call('settings.update', { webhookPort: port });
    expect(settings.webhookPort).toBe(port);
    const after =
      (await inProcessApi(backend).call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';
    expect(after).toContain(`:${String(port)}/`);
    await expect(deliver(before, '{}')).rejects.toThrow(); // the old address is closed
    // Settings → Webhooks reads where it listens (the refused move above left no error behind).
    expect(await inProcessApi(backend).call('settings.webhookListener', {})).toEqual({
      url: `http://127.0.0.1:${String(port)}`,
      error: null,
    });
  });

  it('keeps the port it picked, so the addresses stay the same across restarts', async () => {
    const { backend } = await setUp();
    const { webhookPort } = await inProcessApi(backend).call('settings.get', {});
    expect(webhookPort).toBeGreaterThan(0);
  });
});
