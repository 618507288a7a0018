/**
 * The single-use approval link on the webhook listener: a GET shows the question and decides
 * nothing, a POST decides once, a second use and an expired or unknown token get plain pages
 * that tell nothing more.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { databaseFileName } from '../backend';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { waitForRun } from '../testSupport/runs';

const draft = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'ask', name: 'Ask <boss>', type: 'approval', message: 'Reboot <b>srv1</b>?', timeoutMinutes: 5 },
    {
      id: 'yes',
      name: 'Yes',
      type: 'end',
      message: 'via {{steps.ask.outputs.decidedVia}}: {{steps.ask.outputs.comment}}',
    },
    { id: 'no', name: 'No', type: 'end', outcome: 'failed', message: 'no' },
    { id: 'late', name: 'Late', type: 'end', message: 'late' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'ask' },
    { from: 'ask', kind: 'approved', to: 'yes' },
    { from: 'ask', kind: 'rejected', to: 'no' },
    { from: 'ask', kind: 'timed_out', to: 'late' },
  ],
});

async function waitingRun(
  dataDirectory = temporaryDirectory(),
  log: (line: string) => void = () => undefined,
) {
  const backend = startBackend(dataDirectory, undefined, { log });
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Reboot' } });
  await api.call('runbooks.update', { id: runbookId, draft });
  const { runId } = await api.call('runs.start', { runbookId });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [approval] = await api.call('approvals.list', { runId });
    if (approval?.link != null) return { backend, runId, link: approval.link, dataDirectory };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never waited');
}

const submit = (link: string, form: Record<string, string>) =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('the approval link', () => {
  it('shows the question with Approve and Reject on GET, escaped, and decides nothing', async () => {
    const { backend, runId, link } = await waitingRun();
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Reboot &#60;b&#62;srv1&#60;/b&#62;?');
    expect(html).toContain('<button type="submit" name="decision" value="approved">Approve</button>');
    expect(html).not.toContain('<script');
    expect((await inProcessApi(backend).call('runs.get', { id: runId })).status).toBe('waiting');
  });

  it('decides on POST, once: a second use is told the approval was already decided', async () => {
    const { backend, runId, link } = await waitingRun();
    const decided = await submit(link, { decision: 'approved', comment: 'go' });
    expect(decided.status).toBe(200);
    expect(await decided.text()).toContain('Approved');
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded', message: 'via link: go' });
    const again = await submit(link, { decision: 'rejected' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already decided');
    expect((await fetch(link)).status).toBe(409);
  });

  it('refuses a form without a decision, deciding nothing', async () => {
    const { backend, runId, link } = await waitingRun();
    expect((await submit(link, { comment: 'hm' })).status).toBe(400);
    expect((await inProcessApi(backend).call('runs.get', { id: runId })).status).toBe('waiting');
  });

  it('takes a comment as long as the form allows in any script (2,000 × "Ж" is 12,000 bytes sent)', async () => {
    const { backend, runId, link } = await waitingRun();
    const comment = 'Ж'.repeat(2_000);
    const decided = await submit(link, { comment, decision: 'approved' });
    expect(decided.status).toBe(200);
    expect(await waitForRun(backend, runId)).toMatchObject({ message: `via link: ${comment}` });
  });

  it('answers a form longer than any the page sends with a page saying so, deciding nothing', async () => {
    const { backend, runId, link } = await waitingRun();
    const page = await submit(link, { comment: 'x'.repeat(100_000), decision: 'approved' });
    expect(page.status).toBe(413);
    expect(await page.text()).toContain('The comment is too long');
    expect((await inProcessApi(backend).call('runs.get', { id: runId })).status).toBe('waiting');
    expect((await fetch(link)).status).toBe(200);
  });

  it('answers an expired link with "expired"', async () => {
    const { runId, link, dataDirectory } = await waitingRun();
    const db = new Database(path.join(dataDirectory, databaseFileName));
    db.prepare('UPDATE approvals SET deadline = ? WHERE run_id = ?').run('2000-01-01T00:00:00.000Z', runId);
    db.close();
    const page = await submit(link, { decision: 'approved' });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('timed out');
  });

  it('answers a made-up or altered token with a bare "not found", saying nothing of the approvals', async () => {
    const { link } = await waitingRun();
    const altered = `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`;
    for (const target of [altered, link.replace(/[^/]+$/, 'nonsense')]) {
      const page = await fetch(target);
      expect(page.status).toBe(404);
      const html = await page.text();
      expect(html).toContain('This link is not valid.');
      expect(html).not.toContain('Reboot');
    }
  });

  it('answers a path that is not valid percent-encoding with "not found", and goes on serving', async () => {
    const { link } = await waitingRun();
    for (const path of ['%', '%E0%A4%A', 'abc%zz']) {
      for (const init of [{}, { method: 'POST', body: 'decision=approved' }]) {
        const page = await fetch(link.replace(/[^/]+$/, path), init);
        expect(page.status).toBe(404);
        expect(await page.text()).toContain('This link is not valid.');
      }
    }
    expect((await fetch(link)).status).toBe(200);
  });

  it('answers a decision the disk cannot take with "try again", logs why, and goes on serving', async () => {
    const lines: string[] = [];
    const { backend, runId, link, dataDirectory } = await waitingRun(temporaryDirectory(), (line) =>
      lines.push(line),
    );
    // Another program holds the write lock past the app's busy wait.
    const other = new Database(path.join(dataDirectory, databaseFileName));
    other.exec('BEGIN IMMEDIATE');
    try {
      const page = await submit(link, { decision: 'approved' });
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('30');
      expect(await page.text()).toContain('open this link again in a minute');
      expect(lines.filter((line) => line.startsWith('approval link failed: '))).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(link.split('/').pop() ?? '');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await submit(link, { decision: 'approved' })).status).toBe(200);
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded' });
  });
});
