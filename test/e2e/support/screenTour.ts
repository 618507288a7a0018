/**
 * Every page and dialog a user reaches, visited in one pass through the window: the accessibility
 * check runs axe at each stop and the screenshot script photographs it, so both see the same
 * screens. A stop is named; `visit` is called once the screen has drawn, and leaves it as it was.
 */
import type { Page } from 'playwright-core';
import { stepSelector, waitForStillCanvas } from './canvas';
import { callApi, type ServeProcess } from './serveProcess';
import { seedTour, type TourData } from './screenTourData';
import { approvalStops } from './approvalTourStops';
import { dialogStops, visitStops } from './tourStops';
import { runGroupScreens } from './screenTourRunGroups';

/**
 * Switches the system's colour scheme and waits (bounded) until the window has followed it. Polled
 * from here: waitForFunction with a string needs eval, which the window's CSP refuses.
 */
export async function showColorScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await page.evaluate('document.documentElement.dataset.theme')) === scheme) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the window did not follow the ${scheme} scheme`);
}

/** Looks at the screen now shown (an axe run, a screenshot); must leave the screen as it found it. */
export type VisitScreen = (name: string) => Promise<void>;

const ok = { '200': { description: 'OK' } };
const openApiDocument = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Service desk', version: '2.1' },
  paths: {
    '/tickets': { get: { operationId: 'listTickets', summary: 'List tickets', responses: ok } },
    '/tickets/{id}': { delete: { operationId: 'deleteTicket', summary: 'Delete a ticket', responses: ok } },
  },
});

async function integrationScreens(page: Page, origin: string, data: TourData, visit: VisitScreen) {
  const details = `${origin}/#/integrations/${data.integrationId}`;
  await page.goto(`${origin}/#/integrations`);
  await page
    .getByRole('main')
    .getByRole('link', { name: /NinjaOne/ })
    .waitFor();
  await visit('integrations-list');
  await page.goto(`${origin}/#/integrations/new`);
  await page.getByRole('heading', { name: 'New integration' }).waitFor();
  await visit('integration-editor-new');
  await page.goto(details);
  await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
  await visit('integration-overview');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByText('Close stale tickets').waitFor();
  await visit('integration-delete');
  await page.keyboard.press('Escape');
  await page.goto(`${details}/connection`);
  await page.getByLabel('Base URL').waitFor();
  await visit('integration-connection');
  // A rate limit refused at its field, then put back as it was (none).
  const perSecond = page.getByLabel('Requests per second', { exact: true });
  await perSecond.fill('0');
  await page.getByText('Requests per second is at least 1').waitFor();
  await visit('integration-rate-limit-refused');
  await perSecond.fill('');
  await page.goto(`${details}/configurations`);
  await page.getByRole('button', { name: 'New configuration' }).waitFor();
  await visit('integration-configurations');
  await page.goto(`${details}/calls`);
  await page
    .getByRole('link', { name: /Close stale tickets|run/i })
    .first()
    .waitFor();
  await visit('integration-call-log');
}

async function methodScreens(page: Page, origin: string, data: TourData, visit: VisitScreen) {
  await page.goto(`${origin}/#/integrations/${data.integrationId}/methods`);
  await page.getByRole('button', { name: 'Import OpenAPI' }).click();
  const openApi = page.getByRole('dialog', { name: 'Import from OpenAPI or Swagger' });
  await openApi.waitFor();
  await visit('openapi-import');
  await openApi.getByLabel('OpenAPI document or its URL').fill(openApiDocument);
  await openApi.getByRole('button', { name: 'Read document' }).click();
  await openApi.getByRole('button', { name: /^Import \d+ method/ }).waitFor();
  await visit('openapi-import-preview');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Paste cURL' }).click();
  const curl = page.getByRole('dialog', { name: 'New method from cURL' });
  await curl.getByLabel('cURL command').fill(`curl -X POST https://api.example.com/tickets -d '{"a":1}'`);
  await visit('curl-import');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Delete Get ticket' }).click();
  await page.getByRole('dialog').getByText('Close stale tickets').waitFor();
  await visit('method-delete');
  await page.keyboard.press('Escape');
  await page.goto(`${origin}/#/integrations/${data.integrationId}/method/${data.methodId}`);
  await page.getByLabel('Variable id').fill('42');
  await page.getByRole('button', { name: 'Send test request' }).click();
  await page.getByRole('status').filter({ hasText: '200' }).first().waitFor();
  await visit('method-test');
}

async function openDesigner(page: Page, origin: string, runbookId: string): Promise<void> {
  await page.goto(`${origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('start')).waitFor();
  await waitForStillCanvas(page);
}

async function designerScreens(page: Page, origin: string, data: TourData, visit: VisitScreen) {
  await openDesigner(page, origin, data.runbookId);
  await page.locator(stepSelector('get_ticket')).click();
  await page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('heading', { name: 'Execute method' })
    .waitFor();
  await visit('designer-inspector');
  await page.locator(stepSelector('start')).click();
  await page.getByRole('heading', { name: 'Triggers' }).waitFor();
  await visit('designer-triggers');
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await visit('designer-shortcuts');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Versions' }).click();
  await page.getByRole('dialog', { name: 'Versions' }).getByText('First version').waitFor();
  await visit('designer-versions');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.designer-run .run-status').getByText('Run: succeeded').waitFor();
  await visit('designer-after-run');
  // Debugging: a breakpoint on Done (F9), paused there with the run context, then stopped.
  await page.locator(`${stepSelector('done')} .step-name`).click();
  await page.keyboard.press('F9');
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await page.getByRole('complementary', { name: 'Run context' }).getByText('Fields of this step').waitFor();
  await visit('designer-debug-paused');
  await page.getByRole('toolbar', { name: 'Debugger' }).getByRole('button', { name: 'Stop' }).click();
  await page.locator('.designer-run .run-status').getByText('Run: cancelled').waitFor();

  await openDesigner(page, origin, data.draftRunbookId);
  await page.getByRole('button', { name: /problem/ }).click();
  await page.getByRole('list', { name: 'Problems' }).waitFor();
  await visit('designer-problems');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Run runbook' }).waitFor();
  await visit('designer-run-dialog');
  await page.keyboard.press('Escape');
  await rehearsalScreens(page, origin, data, visit);
}

/** A pinned step's pin editor, the Run dialog with Dry run chosen, and a dry run's page. */
async function rehearsalScreens(page: Page, origin: string, data: TourData, visit: VisitScreen) {
  await openDesigner(page, origin, data.pinnedRunbookId);
  await page.locator(stepSelector('close')).click();
  await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Pin (JSON)').waitFor();
  await visit('designer-pin-editor');
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page
    .getByRole('dialog', { name: 'Run runbook' })
    .getByRole('checkbox', { name: 'Dry run' })
    .waitFor();
  await visit('designer-run-dialog-dry-run');
  await page.keyboard.press('Escape');
  await page.goto(`${origin}/#/runs/${data.dryRunId}`);
  await page.getByRole('complementary', { name: 'Step records' }).getByText('not sent (dry run)').click();
  await page.getByRole('region', { name: 'Would have sent' }).waitFor();
  await waitForStillCanvas(page);
  await visit('run-dry-run');
}

async function runScreens(page: Page, origin: string, data: TourData, visit: VisitScreen) {
  await page.goto(`${origin}/#/runbooks`);
  await page.getByRole('button', { name: 'Delete Close stale tickets' }).waitFor();
  await visit('runbooks');
  await page.getByRole('button', { name: 'Delete Close stale tickets' }).click();
  await page.getByRole('dialog').waitFor();
  await visit('runbook-delete');
  await page.keyboard.press('Escape');
  await page.goto(`${origin}/#/runs`);
  await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
  await page.getByRole('cell', { name: 'Close a ticket' }).first().waitFor();
  await visit('runs');
  for (const [name, runId, outcome] of [
    ['run-succeeded', data.succeededRunId, 'Succeeded'],
    ['run-failed', data.failedRunId, 'Failed'],
  ] as const) {
    await page.goto(`${origin}/#/runs/${runId}`);
    await page.getByRole('region', { name: 'Run outcome' }).getByText(outcome, { exact: true }).waitFor();
    await waitForStillCanvas(page);
    await visit(name);
  }
  await page.goto(`${origin}/#/settings`);
  await page.getByRole('heading', { name: 'About' }).waitFor();
  await visit('settings');
}

/** Save as test case on a run, then the designer's test cases with a case that fails. */
async function testCaseScreens(page: Page, server: ServeProcess, data: TourData, visit: VisitScreen) {
  const { origin } = server;
  await page.goto(`${origin}/#/runs/${data.succeededRunId}`);
  await page.getByRole('button', { name: 'Save as test case' }).click();
  const save = page.getByRole('dialog', { name: 'Save as test case' });
  await save.getByLabel('Name').fill('Closes the stale tickets');
  await visit('save-test-case');
  await save.getByRole('button', { name: 'Save test case' }).click();
  await save.waitFor({ state: 'detached' });
  // Expecting the opposite end state makes the case fail, so the panel shows a failure's reason.
  const [saved] = await callApi(server, 'testCases.list', { runbookId: data.runbookId });
  await callApi(server, 'testCases.update', {
    id: saved?.id ?? '',
    expectations: [{ kind: 'outcome', status: 'failed' }],
  });
  await openDesigner(page, origin, data.runbookId);
  await page.getByRole('button', { name: 'Test cases' }).click();
  const panel = page.getByRole('dialog', { name: 'Test cases' });
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await panel.getByRole('status').getByText('Tests: 0 passed, 1 failed').waitFor();
  await visit('test-cases-failed');
  await page.keyboard.press('Escape');
}

/**
 * Visits every screen of a server started on a fresh data folder: first the empty state, then,
 * after seeding through the API (methods answer from `apiUrl`), each page and dialog.
 */
export async function tourScreens(
  page: Page,
  server: ServeProcess,
  apiUrl: string,
  visit: VisitScreen,
): Promise<void> {
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Connect your first API' }).waitFor();
  await visit('integrations-empty');
  const data = await seedTour(server, apiUrl);
  await integrationScreens(page, server.origin, data, visit);
  await methodScreens(page, server.origin, data, visit);
  await designerScreens(page, server.origin, data, visit);
  await runScreens(page, server.origin, data, visit);
  await visitStops([...dialogStops, ...approvalStops], { page, origin: server.origin, server, data }, visit);
  await runGroupScreens(page, server, apiUrl, visit);
  await testCaseScreens(page, server, data, visit);
}
