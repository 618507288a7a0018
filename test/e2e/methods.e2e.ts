/**
 * Issue 4's path through the window, against `npm run serve` and a local python3-httpbin:
 * an integration with bearer auth and a configuration, a method, Test → 200 with an output
 * variable's value, and an output variable added by clicking a value in the response; a save
 * on its way that ignores another; a name that stops at its limit and says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../../electron/services/http/testSupport/httpbin';
import { launchChromium, saveScreenshot } from './support/browser';
import { holdCalls } from './support/heldCalls';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';

let server: ServeProcess;
let httpbin: Httpbin;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  httpbin = await startHttpbin();
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-methods-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  await httpbin.stop();
});

describe('methods and the Test button', () => {
  it('sets up an integration with bearer auth', async () => {
    await page.getByRole('button', { name: 'New integration' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('httpbin');
    await page.getByLabel('Category').fill('Other');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Connection', exact: true }).click();
    await page.getByLabel('Base URL').fill(httpbin.url);
    await page.getByLabel('Authorization type').selectOption('bearer');
    await page.getByLabel('Variable prefix').fill('httpbin');
    await saveScreenshot(page, 'integration-connection');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Connection saved').first().waitFor();
  });

  it('adds a configuration whose token is never shown again', async () => {
    await page.getByRole('link', { name: /^Configurations/ }).click();
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('Token').fill('tok-e2e-secret-7788');
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await page.getByText('Primary').first().waitFor();
    await saveScreenshot(page, 'integration-configurations');
    await page.getByRole('button', { name: 'Edit Production' }).click();
    await page.getByLabel('Token is stored').waitFor();
    expect(await page.content()).not.toContain('tok-e2e-secret-7788');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('creates a method, tests it, and sees 200 and the output variable', async () => {
    await page.getByRole('link', { name: /^Methods/ }).click();
    await page.getByRole('button', { name: 'New method' }).click();
    await page.getByLabel('Method name').fill('Who am I');
    await page.getByLabel('Endpoint path').fill('/bearer');
    await page.getByRole('tab', { name: /Outputs/ }).click();
    await page.getByRole('button', { name: 'Add output variable' }).click();
    await page.getByLabel('Output 1 name').fill('isAuthenticated');
    await page.getByLabel('Output 1 expression').fill('response^authenticated');
    await page.getByRole('button', { name: 'Save method' }).click();
    await page.getByText('Saved Who am I').first().waitFor();
    await page.getByRole('button', { name: 'Send test request' }).click();
    await page.getByRole('status').filter({ hasText: '200' }).first().waitFor();
    await expect.poll(() => page.locator('[data-output="isAuthenticated"]').textContent()).toBe('true');
    expect(await page.content()).not.toContain('tok-e2e-secret-7788');
    await saveScreenshot(page, 'method-test');
  });

  it('adds an output variable by clicking a value in the response body', async () => {
    const resultTabs = page.getByRole('tablist', { name: 'Result' });
    await resultTabs.getByRole('tab', { name: 'Body' }).click();
    await page.getByRole('button', { name: '"••••"' }).click();
    await page.getByLabel('Output variable name').fill('token');
    await saveScreenshot(page, 'method-pick-output');
    await page.getByRole('button', { name: 'Add output variable' }).last().click();
    expect(await page.getByLabel('Output 2 expression').inputValue()).toBe('response^token!');
    await resultTabs.getByRole('tab', { name: 'Request' }).click();
    expect(await page.getByText('Bearer ••••').count()).toBeGreaterThan(0);
  });

  it('shows the call in the integration’s call log', async () => {
    await page
      .getByRole('button', { name: /Methods/ })
      .first()
      .click();
    // The output variable added above was never saved: leaving asks first.
    await page
      .getByRole('dialog', { name: 'Unsaved changes' })
      .getByRole('button', { name: 'Discard changes' })
      .click();
    await page.getByRole('link', { name: 'Call log' }).click();
    await page
      .getByRole('cell', { name: /\/bearer/ })
      .first()
      .waitFor();
    await page.getByRole('cell', { name: 'Test', exact: true }).first().waitFor();
    await saveScreenshot(page, 'integration-call-log');
  });

  it('links a call made by a run to that run', async () => {
    const [integration] = (await callApi(server, 'integrations.list', {})).items;
    const [method] = await callApi(server, 'methods.list', { integrationId: integration?.id ?? '' });
    const { id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Check login' } });
    await callApi(server, 'runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'who', name: 'Who am I', type: 'method', methodId: method?.id ?? '' }),
    });
    const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: {} });
    await expect
      .poll(async () => (await callApi(server, 'runs.get', { id: runId })).status)
      .toBe('succeeded');
    await page.reload();
    await page.getByRole('link', { name: 'Its run' }).first().click();
    await expect.poll(() => page.url()).toContain(`#/runs/${runId}`);
    await page.getByText('Who am I').first().waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Call log' }).waitFor();
  });

  it('imports a small OpenAPI document and tests one of its methods', async () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 'httpbin subset', version: '1' },
      servers: [{ url: httpbin.url }],
      paths: {
        '/anything/{ticket}': {
          get: {
            operationId: 'getTicket',
            parameters: [
              { name: 'ticket', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'lang', in: 'query', required: true, schema: { type: 'string', default: 'en' } },
            ],
            responses: { 200: { description: 'ok' } },
          },
        },
        '/status/{code}': {
          get: {
            operationId: 'getStatus',
            parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    };
    await page.getByRole('link', { name: /^Methods/ }).click();
    await page.getByRole('button', { name: 'Import OpenAPI' }).click();
    await page.getByLabel('OpenAPI document or its URL').fill(JSON.stringify(document, null, 2));
    await page.getByRole('button', { name: 'Read document' }).click();
    await page.getByText('— 2 operations').waitFor();
    await saveScreenshot(page, 'method-import-openapi');
    await page.getByRole('checkbox', { name: /status/ }).uncheck();
    await page.getByRole('button', { name: 'Import 1 method' }).click();
    await page.getByRole('link', { name: /getTicket/ }).click();
    await page.getByLabel('Variable ticket').fill('T-42');
    await page.getByRole('button', { name: 'Send test request' }).click();
    await page.getByRole('status').filter({ hasText: '200' }).first().waitFor();
    const resultTabs = page.getByRole('tablist', { name: 'Result' });
    await resultTabs.getByRole('tab', { name: 'Body' }).click();
    await page.getByText(`"${httpbin.url}/anything/T-42?lang=en"`).waitFor();
    // The result's tabs follow the arrow keys, as a tab list does.
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => resultTabs.getByRole('tab', { name: 'Headers' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Headers');
    await page.keyboard.press('End');
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Request');
  });

  it('creates a method once however often Save is pressed while the first save is on its way', async () => {
    await page.getByRole('button', { name: 'httpbin · Methods' }).click();
    await page.getByRole('button', { name: 'New method' }).click();
    await page.getByLabel('Method name').fill('Saved once');
    await page.getByLabel('Endpoint path').fill('/get');
    const save = page.locator('#method-save');
    const held = await holdCalls(page, 'methods.create');
    try {
      await save.dblclick();
      await page.keyboard.press('Control+s');
      await page.waitForTimeout(300); // time for any further call to be sent
      expect(held.bodies).toHaveLength(1);
      expect(await save.textContent()).toBe('Saving…');
      expect(await save.getAttribute('aria-disabled')).toBe('true');
    } finally {
      await held.release();
    }
    await page.getByRole('heading', { name: 'Saved once' }).waitFor();
    await expect.poll(() => save.textContent()).toBe('Save method');
    expect(await page.getByText(/already exists/).count()).toBe(0);
    const [, integrationId = ''] = /#\/integrations\/([^/]+)\//.exec(page.url()) ?? [];
    const methods = await callApi(server, 'methods.list', { integrationId });
    expect(methods.filter((method) => method.definition.name === 'Saved once')).toHaveLength(1);
  });

  it('stops a method name at its 200 characters and says so under it', async () => {
    await page.getByRole('button', { name: 'httpbin · Methods' }).click();
    await page.getByRole('button', { name: 'New method' }).click();
    const name = page.getByLabel('Method name');
    await name.pressSequentially('Create ticket ');
    expect(await name.getAttribute('aria-describedby')).toBeNull();
    // A paste past the limit is cut there, and typing on adds nothing.
    await name.selectText();
    await page.keyboard.insertText(`Create ticket ${'x'.repeat(236)}`);
    await name.press('End');
    await name.pressSequentially('yz');
    expect((await name.inputValue()).length).toBe(200);
    const note = page.locator('#method-name-limit');
    expect(await note.textContent()).toBe(
      'A method name is at most 200 characters: this one has reached it.',
    );
    expect(await name.getAttribute('aria-describedby')).toBe('method-name-limit');
    expect(await name.getAttribute('aria-invalid')).toBe('false');
    await saveScreenshot(page, 'method-name-limit');
    await name.press('Backspace');
    await expect.poll(() => note.textContent()).toBe('');
  });

  it('stops a method description at its 5000 characters and says so under it', async () => {
    // The new method of the test before, still open.
    await page.getByRole('tablist', { name: 'Request parts' }).getByRole('tab', { name: 'Settings' }).click();
    const description = page.getByLabel('Description', { exact: true });
    await description.fill('Creates a ticket');
    expect(await description.getAttribute('aria-describedby')).toBeNull();
    // A paste past the limit is cut there, and typing on adds nothing.
    await description.selectText();
    await page.keyboard.insertText('d'.repeat(5_100));
    await description.press('End');
    await description.pressSequentially('yz');
    expect((await description.inputValue()).length).toBe(5_000);
    const note = page.locator('#method-description-limit');
    expect(await note.textContent()).toBe(
      'A method description is at most 5000 characters: this one has reached it.',
    );
    expect(await description.getAttribute('aria-describedby')).toBe('method-description-limit');
    expect(await description.getAttribute('aria-invalid')).toBe('false');
    await saveScreenshot(page, 'method-description-limit');
    await description.press('Backspace');
    await expect.poll(() => note.textContent()).toBe('');
  });

  it('refuses a path past its 5000 characters at Save, saying so in words at the field', async () => {
    // The new method of the tests before, never saved: leaving it asks first.
    await page.getByRole('button', { name: 'httpbin · Methods' }).click();
    await page
      .getByRole('dialog', { name: 'Unsaved changes' })
      .getByRole('button', { name: 'Discard changes' })
      .click();
    await page.getByRole('button', { name: 'New method' }).click();
    await page.getByLabel('Method name').fill('Long path');
    const endpoint = page.getByLabel('Endpoint path');
    await endpoint.focus();
    await page.keyboard.insertText(`/${'p'.repeat(5_000)}`);
    await page.locator('#method-save').click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Endpoint path: At most 5000 characters.' });
    await refusal.first().waitFor();
    expect(await page.getByText(/Too big|expected string/).count()).toBe(0);
    await saveScreenshot(page, 'method-path-too-long');
  });
});
