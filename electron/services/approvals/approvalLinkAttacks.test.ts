/**
 * The single-use approval link as hostile or hurried callers use it: a link scanner's HEAD and
 * GET, a truncated token, the link and the window deciding at the same moment, and a link opened
 * after its run stopped waiting without anyone deciding.
 */
import { describe, expect, it } from 'vitest';
import { approvalDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

async function waitingRun() {
  const backend = startBackend();
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ask' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: approvalDraft('via {{steps.ask.outputs.decidedVia}}'),
  });
  const { runId } = await api.call('runs.start', { runbookId });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [approval] = await api.call('approvals.list', { runId });
    if (approval?.link != null) return { backend, api, runId, link: approval.link };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never waited');
}

const submit = (link: string, decision: string) =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision }).toString(),
  });

describe('the approval link, attacked', () => {
  it('decides nothing on a scanner’s HEAD and GET, however many', async () => {
    const { api, runId, link } = await waitingRun();
    for (let round = 0; round < 3; round += 1) {
      expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(link)).status).toBe(200);
      expect((await fetch(`${link}?decision=approved`)).status).toBe(200);
    }
    expect((await api.call('runs.get', { id: runId })).status).toBe('waiting');
    expect(await api.call('approvals.list', { runId })).toHaveLength(1);
  });

  it('answers a truncated or lengthened token with "not found", deciding nothing', async () => {
    const { api, runId, link } = await waitingRun();
    for (const target of [link.slice(0, -1), `${link}A`, link.slice(0, -20), `${link}/`]) {
      const page = await submit(target, 'approved');
      expect(page.status, target.slice(-8)).toBe(404);
    }
    expect((await api.call('runs.get', { id: runId })).status).toBe('waiting');
  });

  it('lets one of the link and the window decide when both do at once, the other told so', async () => {
    const { backend, api, runId, link } = await waitingRun();
    const [page, window] = await Promise.allSettled([
      submit(link, 'rejected'),
      api.call('approvals.decide', { runId, decision: 'approved', comment: '', decidedBy: 'ada' }),
    ]);
    const run = await waitForRun(backend, runId);
    const linkWon = page.status === 'fulfilled' && page.value.status === 200;
    const windowWon = window.status === 'fulfilled';
    expect([linkWon, windowWon].filter(Boolean)).toHaveLength(1);
    expect(run.status).toBe(linkWon ? 'failed' : 'succeeded');
    if (!linkWon && page.status === 'fulfilled') expect(page.value.status).toBe(409);
  });

  it('tells a link opened after its run was cancelled that the run stopped waiting, not that it was decided', async () => {
    const { backend, api, runId, link } = await waitingRun();
    await api.call('runs.cancel', { id: runId });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'cancelled' });
    for (const page of [await fetch(link), await submit(link, 'approved')]) {
      expect(page.status).toBe(409);
      const html = await page.text();
      expect(html).toContain('stopped waiting before anyone decided');
      expect(html).not.toContain('already decided');
    }
  });
});
