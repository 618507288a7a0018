/**
 * The Run runbook step in Chromium against `npm run serve`: the runbook to run is chosen by name
 * (not typed as an id), each of its inputs gets a field named after it with its type and whether
 * it is required (one left empty is a problem of the step until it is filled), the card says
 * which runbook it runs, and a run passes the values on. A value kept for an input the runbook no
 * longer has can be removed; a runbook that was deleted is said to be missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let parentId = '';
let childId = '';

/** A runbook: Start → `steps` in a chain, with `inputs`. */
async function runbookWith(
  name: string,
  steps: Record<string, unknown>[],
  inputs: Record<string, unknown>[] = [],
): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  const all = [{ id: 'start', name: 'Start', type: 'start' }, ...steps];
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      inputs,
      steps: all,
      edges: all.slice(1).map((step, index) => ({
        from: String(all[index]?.id),
        kind: index === 0 ? 'next' : 'success',
        to: String(step.id),
      })),
      positions: Object.fromEntries(all.map((step, index) => [String(step.id), { x: 200, y: index * 140 }])),
    } as never,
  });
  return id;
}

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const draftStep = async () =>
  (await callApi(server, 'runbooks.get', { id: parentId })).draft.steps.find(
    (step) => step.id === 'child',
  ) as { runbookId: string; inputs: Record<string, string>; name: string } | undefined;

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-run-runbook-')),
  });
  childId = await runbookWith(
    'Close ticket',
    [{ id: 'done', name: 'Done', type: 'end', message: 'Closed {{inputs.ticket}} at {{inputs.priority}}' }],
    [
      { name: 'ticket', type: 'string', isRequired: true, description: 'The ticket to close' },
      { name: 'priority', type: 'number', defaultValue: '3' },
    ],
  );
  await runbookWith('Unrelated', [{ id: 'done', name: 'Done', type: 'end' }]);
  parentId = await runbookWith('Escalate', [
    { id: 'child', name: 'Run runbook', type: 'runRunbook', runbookId: '', inputs: {} },
    { id: 'done', name: 'Done', type: 'end', message: 'Escalated' },
  ]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${parentId}`);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('the Run runbook step', () => {
  it('chooses the runbook by name and gives each of its inputs a field', async () => {
    await node('child').click();
    const runbook = inspector().getByLabel('Runbook', { exact: true });
    // Every other runbook is offered by name; the one being designed is not.
    const offered = async () => (await runbook.locator('option:not([disabled])').allTextContents()).sort();
    await expect.poll(offered).toEqual(['Close ticket', 'Unrelated']);
    await runbook.selectOption({ label: 'Close ticket' });

    await inspector()
      .getByText('Text · required: without a value its run fails at the start · The ticket to close')
      .waitFor();
    await inspector().getByText('Number · default 3').waitFor();
    await inspector().getByRole('combobox', { name: 'ticket', exact: true }).fill('T-{{inputs.id}}');
    await inspector().getByText('Text · required · The ticket to close').waitFor();
    await node('child').getByText('Run runbook · Close ticket').waitFor();
    await expect.poll(draftStep).toMatchObject({
      runbookId: childId,
      name: 'Close ticket',
      inputs: { ticket: 'T-{{inputs.id}}' },
    });
    await saveScreenshot(page, 'designer-run-runbook');
  });

  it('shows a required input left empty as a problem of the step until it is filled', async () => {
    const missing = '"Close ticket": give "ticket" a value; the runbook it runs requires it.';
    const ticket = inspector().getByRole('combobox', { name: 'ticket', exact: true });
    await ticket.fill('');
    await inspector().getByText(missing).waitFor();
    await node('child').getByLabel('1 problem', { exact: true }).waitFor();
    await page.getByRole('button', { name: '1 problem', exact: true }).click();
    await page.getByRole('list', { name: 'Problems' }).getByText(missing).waitFor();
    await page.keyboard.press('Escape');

    await ticket.fill('T-1');
    await page.getByText('Ready to run').waitFor();
    // A field typed into and emptied again gives no value: the runbook's default applies, as the
    // hint under it says (kept as '', the child's number input got nothing instead of 3).
    const priority = inspector().getByRole('combobox', { name: 'priority', exact: true });
    await priority.fill('5');
    await expect.poll(async () => (await draftStep())?.inputs).toEqual({ ticket: 'T-1', priority: '5' });
    await priority.fill('');
    await expect.poll(async () => (await draftStep())?.inputs).toEqual({ ticket: 'T-1' });
    await inspector().getByText('Number · default 3').waitFor();
    await expect.poll(() => inspector().getByText(missing).count()).toBe(0);
    await expect(node('child').locator('.step-issues').count()).resolves.toBe(0);
    // As the first test left it, for the run below.
    await ticket.fill('T-{{inputs.id}}');
    await expect.poll(async () => (await draftStep())?.inputs).toEqual({ ticket: 'T-{{inputs.id}}' });
  });

  it('passes the values on when the runbook runs', async () => {
    await callApi(server, 'runbooks.update', {
      id: parentId,
      draft: {
        ...(await callApi(server, 'runbooks.get', { id: parentId })).draft,
        inputs: [{ name: 'id', type: 'string', isRequired: true, defaultValue: '', description: '' }],
      },
    });
    const { runId } = await callApi(server, 'runs.start', { runbookId: parentId, inputs: { id: '7' } });
    await expect
      .poll(async () => (await callApi(server, 'runs.get', { id: runId })).status)
      .toBe('succeeded');
    const children = await callApi(server, 'runs.list', { runbookId: childId });
    expect(children.map((run) => run.message)).toEqual(['Closed T-7 at 3']);
  });

  it('offers to remove a value for an input the runbook no longer has', async () => {
    await callApi(server, 'runbooks.update', {
      id: childId,
      draft: {
        ...(await callApi(server, 'runbooks.get', { id: childId })).draft,
        inputs: [{ name: 'priority', type: 'number', isRequired: false, defaultValue: '3', description: '' }],
      },
    });
    await page.reload();
    await node('child').click();
    await inspector()
      .getByText('“Close ticket” no longer has this input; the value is not passed.')
      .waitFor();
    await inspector().getByRole('button', { name: 'Remove “ticket”' }).click();
    await expect.poll(async () => (await draftStep())?.inputs).toEqual({});
    await expect(inspector().getByRole('combobox', { name: 'ticket', exact: true }).count()).resolves.toBe(0);
  });

  it('says so when the runbook it ran was deleted', async () => {
    await callApi(server, 'runbooks.delete', { id: childId });
    await page.reload();
    await node('child').click();
    await inspector().getByText('The runbook this step ran no longer exists. Choose another.').waitFor();
    const runbook = inspector().getByLabel('Runbook', { exact: true });
    expect(await runbook.getAttribute('aria-invalid')).toBe('true');
    expect(await runbook.locator('option:checked').textContent()).toBe('Missing runbook');
    // A problem of the step too, so the draft is not run or published to fail there.
    await node('child').getByLabel('1 problem', { exact: true }).waitFor();
    await inspector()
      .getByText('"Close ticket" runs a runbook that no longer exists. Choose another.')
      .waitFor();
  });

  it('gives an input named "__proto__" its field and passes its value to the child', async () => {
    const echoId = await runbookWith(
      'Proto echo',
      [{ id: 'done', name: 'Done', type: 'end', message: 'Got {{inputs.__proto__}}' }],
      [{ name: '__proto__', type: 'string', isRequired: true }],
    );
    const protoParentId = await runbookWith('Proto parent', [
      { id: 'child', name: 'Run runbook', type: 'runRunbook', runbookId: '', inputs: {} },
      { id: 'done', name: 'Done', type: 'end' },
    ]);
    await page.goto(`${server.origin}/#/runbooks/${protoParentId}`);
    await node('child').click();
    await inspector().getByLabel('Runbook', { exact: true }).selectOption({ label: 'Proto echo' });
    await inspector().getByText('Text · required: without a value its run fails at the start').waitFor();
    await inspector()
      .getByText('"Proto echo": give "__proto__" a value; the runbook it runs requires it.')
      .waitFor();
    const field = inspector().getByRole('combobox', { name: '__proto__', exact: true });
    expect(await field.textContent()).toBe('');
    await field.fill('hello');
    await inspector().getByText('Text · required', { exact: true }).waitFor();
    const inputsOfStep = async () => {
      const { draft } = await callApi(server, 'runbooks.get', { id: protoParentId });
      const step = draft.steps.find((candidate) => candidate.id === 'child') as
        { inputs: Record<string, string> } | undefined;
      return JSON.stringify(step?.inputs);
    };
    await expect.poll(inputsOfStep).toBe('{"__proto__":"hello"}');
    await page.getByText('Ready to run').waitFor();
    const { runId } = await callApi(server, 'runs.start', { runbookId: protoParentId });
    await expect
      .poll(async () => (await callApi(server, 'runs.get', { id: runId })).status)
      .toBe('succeeded');
    const children = await callApi(server, 'runs.list', { runbookId: echoId });
    expect(children.map((run) => run.message)).toEqual(['Got hello']);
  });
});
