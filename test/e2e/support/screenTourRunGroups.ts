/**
 * The screen tour's stops for run across clients: the Run dialog's client picker (several
 * clients, searchable) and a finished run group's page. Seeded here, after the other stops, so
 * the screens before them show what they always did: a client-mode integration whose three
 * clients' configurations all point at the tour's local API, and a runbook that checks a ticket
 * with the run's client's configuration.
 */
import type { Page } from 'playwright-core';
import { callApi, type ServeProcess } from './serveProcess';

type VisitScreen = (name: string) => Promise<void>;

async function seedClients(server: ServeProcess, apiUrl: string): Promise<string> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Customer portal', category: 'PSA', description: 'One instance per customer.' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrlMode: 'per_configuration', isClientMode: true },
  });
  for (const client of ['Contoso', 'Fabrikam', 'Northwind']) {
    await callApi(server, 'configurations.create', {
      integrationId,
      name: client,
      clientName: client,
      baseUrl: apiUrl,
    });
  }
  const { id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Get ticket', httpMethod: 'GET', path: '/tickets/42' },
  });
  const { id } = await callApi(server, 'runbooks.create', { details: { name: 'Check every client' } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'get', name: 'Get ticket', type: 'method', methodId, configuration: { mode: 'client' } },
        { id: 'done', name: 'Done', type: 'end', message: 'Ticket 42 of {{client}} read' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'get' },
        { from: 'get', kind: 'success', to: 'done' },
      ],
    } as never,
  });
  return id;
}

/** A group of every client, once each client's run has ended (asked a bounded number of times). */
async function finishedGroup(server: ServeProcess, runbookId: string): Promise<string> {
  const { id } = await callApi(server, 'runGroups.start', { runbookId, clients: 'all' });
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if ((await callApi(server, 'runGroups.get', { id })).status !== 'running') return id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run group ${id} did not finish`);
}

export async function runGroupScreens(
  page: Page,
  server: ServeProcess,
  apiUrl: string,
  visit: VisitScreen,
): Promise<void> {
  const runbookId = await seedClients(server, apiUrl);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run runbook' });
  await dialog.getByRole('radio', { name: 'Several' }).check();
  await dialog.getByRole('checkbox', { name: 'Fabrikam' }).check();
  await visit('designer-run-clients');
  await page.keyboard.press('Escape');
  const groupId = await finishedGroup(server, runbookId);
  await page.goto(`${server.origin}/#/runs/group/${groupId}`);
  await page.getByRole('rowheader', { name: 'Northwind' }).waitFor();
  await page.getByText('Ticket 42 of Northwind read').waitFor();
  await visit('run-group');
}
