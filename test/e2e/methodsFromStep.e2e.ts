/**
 * Methods from the runbook (HaloPSA's way): from an Execute method step a method is created and
 * edited in a drawer over the designer, its outputs are in scope at once and the designer's own
 * edits survive; Test step sends the method with the value given for a runbook input to a real
 * target, secrets masked; the picker finds one method among hundreds by keyboard.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

const token = 'tok-3f9a-secret-e2e';

let server: ServeProcess;
let target: http.Server;
let targetUrl = '';
/** The path of every request that reached the target. */
const received: string[] = [];
let browser: Browser;
let page: Page;
let runbookId = '';

/** A local API answering every GET with a ticket whose id is the last part of the path. */
async function startTarget(): Promise<void> {
  target = http.createServer((request, response) => {
    received.push(request.url ?? '');
    request.resume();
    const id = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id, title: `Ticket ${id}` }));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${String((target.address() as AddressInfo).port)}`;
}

/** Four integrations of 55 methods each: 220 methods for the picker to search. */
async function createManyMethods(): Promise<void> {
  for (let bulk = 1; bulk <= 4; bulk += 1) {
    const { id: integrationId } = await callApi(server, 'integrations.create', {
      details: { name: `Bulk ${String(bulk)}`, category: 'Other' },
    });
    const numbers = Array.from({ length: 55 }, (_, index) => String(index + 1).padStart(3, '0'));
    for (let start = 0; start < numbers.length; start += 11) {
      await Promise.all(
        numbers.slice(start, start + 11).map((number) =>
          callApi(server, 'methods.create', {
            integrationId,
            definition: { name: `Method ${number}`, httpMethod: 'GET', path: `/items/${number}` },
          }),
        ),
      );
    }
  }
}

beforeAll(async () => {
  await startTarget();
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-methods-step-')),
  });
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticket desk', category: 'PSA' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: targetUrl, auth: { type: 'bearer' }, variablePrefix: 'desk' },
  });
  await callApi(server, 'configurations.create', { integrationId, name: 'Production', secrets: { token } });
  await createManyMethods();
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Look up a ticket' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'method_1', name: 'Execute method', type: 'method', methodId: '' },
        { id: 'method_2', name: 'Another method', type: 'method', methodId: '' },
        { id: 'done', name: 'Done', type: 'end', message: '' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'method_1' },
        { from: 'method_1', kind: 'success', to: 'method_2' },
        { from: 'method_2', kind: 'success', to: 'done' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The server's address carries its access token; the designer is opened after it.
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('method_1')).waitFor();
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
  await new Promise((resolve) => target.close(resolve));
});

const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const picker = () => inspector().getByRole('combobox', { name: 'Method' });

async function selectStep(id: string): Promise<void> {
  await waitForStillCanvas(page);
  await page.locator(`${stepSelector(id)} .step-name`).click();
}

/** The runbook's draft as saved, once `isDone` says the designer's autosave has reached it. */
async function savedDraftWhen(isDone: (draft: { steps: Record<string, unknown>[] }) => boolean) {
  let draft = { steps: [] as Record<string, unknown>[] };
  await expect
    .poll(async () => {
      draft = (await callApi(server, 'runbooks.get', { id: runbookId })).draft;
      return isDone(draft);
    })
    .toBe(true);
  return draft;
}

describe('methods from the runbook', () => {
  it('creates a method from the step in a drawer, keeping the designer’s edits, with its outputs in scope at once', async () => {
    await selectStep('done');
    await inspector().getByLabel('Step name').fill('All done');
    await selectStep('method_1');
    await inspector().getByRole('button', { name: 'New method' }).click();
    const drawer = page.getByRole('dialog', { name: 'New method' });
    await drawer.getByLabel('Integration').selectOption({ label: 'Ticket desk' });
    await drawer.getByLabel('Method name').fill('Read ticket');
    await drawer.getByLabel('Endpoint path').fill('/tickets/{{ticket}}');
    await drawer.getByRole('tab', { name: 'Outputs' }).click();
    await drawer.getByRole('button', { name: 'Add output variable' }).click();
    await drawer.getByLabel('Output 1 name').fill('ticketId');
    await drawer.getByLabel('Output 1 expression').fill('response^id!');
    await saveScreenshot(page, 'method-drawer');
    await drawer.getByRole('button', { name: 'Save method' }).click();
    await drawer.waitFor({ state: 'detached' });

    expect(await picker().inputValue()).toBe('Ticket desk · Read ticket');
    const outputs = inspector().getByRole('group', { name: 'Outputs in scope' });
    await outputs.getByText('{{steps.method_1.outputs.ticketId}}').waitFor();
    await inspector().getByRole('combobox', { name: 'ticket' }).fill('{{inputs.ticket}}');

    // A later step offers the new output as it is typed.
    await selectStep('done');
    expect(await inspector().getByLabel('Step name').inputValue()).toBe('All done');
    const message = inspector().getByRole('combobox', { name: 'Message' });
    await message.fill('{{steps.method_1.outputs.');
    await page.getByRole('option', { name: /steps\.method_1\.outputs\.ticketId/ }).waitFor();
    await message.press('Escape');
    await message.fill('Looked up {{inputs.ticket}}');

    const draft = await savedDraftWhen((saved) =>
      saved.steps.some((step) => step.id === 'done' && step.message === 'Looked up {{inputs.ticket}}'),
    );
    expect(draft.steps.find((step) => step.id === 'done')?.name).toBe('All done');
    expect(draft.steps.find((step) => step.id === 'method_1')).toMatchObject({
      name: 'Read ticket',
      arguments: { ticket: '{{inputs.ticket}}' },
    });
  });

  it('edits the chosen method in the drawer, asking before unsaved edits are dropped', async () => {
    await selectStep('method_1');
    await inspector().getByRole('button', { name: 'Edit method' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit method · Read ticket' });
    await drawer.getByRole('tab', { name: /Outputs/ }).click();
    await drawer.getByRole('button', { name: 'Add output variable' }).click();
    await drawer.getByLabel('Output 2 name').fill('title');
    await drawer.getByLabel('Output 2 expression').fill('response^title');
    await drawer.getByRole('button', { name: 'Close', exact: true }).click();
    // The app's unsaved-changes question, over the drawer.
    const question = page.getByRole('dialog', { name: 'Unsaved changes' });
    await question.getByText('This method has unsaved changes. Close without saving them?').waitFor();
    await question.getByRole('button', { name: 'Keep editing' }).click();
    await drawer.getByRole('button', { name: 'Save method' }).click();
    await drawer.waitFor({ state: 'detached' });
    await inspector().getByText('{{steps.method_1.outputs.title}}').waitFor();

    await inspector().getByRole('button', { name: 'Edit method' }).click();
    await drawer.getByLabel('Method name').fill('Read ticket (changed)');
    await drawer.getByRole('button', { name: 'Close', exact: true }).click();
    await question.getByRole('button', { name: 'Discard changes' }).click();
    await drawer.waitFor({ state: 'detached' });
    expect(await picker().inputValue()).toBe('Ticket desk · Read ticket');
  });

  it('tests the step with an input value: the target receives it, the token is masked', async () => {
    await inspector().getByRole('button', { name: 'Test step' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test step · Read ticket' });
    const input = dialog.getByLabel('Input ticket');
    await input.fill('');
    await dialog.getByText('To send, give the input "ticket" above.').waitFor();
    await dialog.getByText('no value given for the input "ticket"').waitFor();
    await input.fill('T-77');
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByText('200 OK').waitFor();
    expect(received).toContain('/tickets/T-77');
    await dialog.getByRole('tab', { name: 'Request' }).click();
    await dialog
      .getByText(/Bearer ••••/)
      .first()
      .waitFor();
    expect(await dialog.textContent()).not.toContain(token);
    await saveScreenshot(page, 'step-test');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('finds one method among 220 by typing its integration and name, then arrows and Enter', async () => {
    await selectStep('method_2');
    await picker().click();
    const list = page.getByRole('listbox', { name: 'Methods' });
    await list.getByRole('group', { name: 'Bulk 1' }).waitFor();
    // Only the first matches are drawn; the list says how many more of the 221 there are.
    expect(await list.getByRole('option').count()).toBe(120);
    await page.getByText('101 more — type more of a name to narrow the list.').waitFor();
    await picker().fill('method 04');
    // Method 040–049 of each Bulk integration.
    expect(await list.getByRole('option').count()).toBe(40);
    await saveScreenshot(page, 'method-picker');
    await picker().fill('bulk 3 method 04');
    expect(await list.getByRole('group').count()).toBe(1);
    expect(await list.getByRole('option').count()).toBe(10);
    await picker().press('ArrowDown');
    await picker().press('ArrowDown');
    expect(await list.getByRole('option', { selected: true }).textContent()).toMatch(/^Method 042/);
    await picker().press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await picker().inputValue()).toBe('Bulk 3 · Method 042');
    await savedDraftWhen((saved) =>
      saved.steps.some((step) => step.id === 'method_2' && step.name === 'Method 042'),
    );
  });

  it("tests a step with an earlier step's output from the latest run, and prefills inputs from it", async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: { ticket: 'T-88' } });
    await expect
      .poll(async () => (await callApi(server, 'runs.get', { id: runId })).finishedAt !== null)
      .toBe(true);

    await selectStep('method_1');
    await inspector().getByRole('button', { name: 'Test step' }).click();
    const first = page.getByRole('dialog', { name: 'Test step · Read ticket' });
    expect(await first.getByLabel('Input ticket').inputValue()).toBe('T-88');
    await first.getByText('from the latest run').waitFor();
    await first.getByRole('button', { name: 'Close', exact: true }).click();
    await first.waitFor({ state: 'detached' });

    await selectStep('method_2');
    await inspector().getByRole('button', { name: 'New method' }).click();
    const drawer = page.getByRole('dialog', { name: 'New method' });
    await drawer.getByLabel('Integration').selectOption({ label: 'Ticket desk' });
    await drawer.getByLabel('Method name').fill('Add note');
    await drawer.getByLabel('Endpoint path').fill('/notes/{{ticketId}}');
    await drawer.getByRole('button', { name: 'Save method' }).click();
    await drawer.waitFor({ state: 'detached' });
    await inspector().getByRole('combobox', { name: 'ticketId' }).fill('{{steps.method_1.outputs.ticketId}}');

    await inspector().getByRole('button', { name: 'Test step' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test step · Add note' });
    const values = dialog.getByRole('table', { name: 'Values sent' });
    await values.getByRole('cell', { name: 'T-88', exact: true }).waitFor();
    expect(await values.getByRole('link', { name: 'latest run' }).getAttribute('href')).toBe(
      `#/runs/${runId}`,
    );
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByText('200 OK').waitFor();
    expect(received).toContain('/notes/T-88');
    await saveScreenshot(page, 'step-test-latest-run');
  });

  it('offers the configuration values of an integration with a prefix as {{config. is typed', async () => {
    // The step test of the test before is still open.
    const testDialog = page.getByRole('dialog', { name: 'Test step · Add note' });
    await testDialog.getByRole('button', { name: 'Close', exact: true }).click();
    await testDialog.waitFor({ state: 'detached' });
    await selectStep('done');
    const message = inspector().getByRole('combobox', { name: 'Message' });
    await message.fill('Signed with {{config.');
    const option = page.getByRole('option', { name: /^config\.desk\.token/ });
    await option.waitFor();
    expect(await option.textContent()).toContain('Token of the client’s Ticket desk configuration (secret');
    await saveScreenshot(page, 'config-completion');
    await message.press('Enter');
    expect(await message.inputValue()).toBe('Signed with {{config.desk.token}}');
    await savedDraftWhen((saved) =>
      saved.steps.some((step) => step.id === 'done' && step.message === 'Signed with {{config.desk.token}}'),
    );
  });
});
