/**
 * Stops of the screen tour as entries: one per screen or dialog, each opening its screen from an
 * address of its own (`show`) and leaving it as it found it (`leave`, by default Esc), so a new
 * screen is one more entry in a list and no stop depends on the one before.
 */
import type { Page } from 'playwright-core';
import { stepSelector, waitForStillCanvas } from './canvas';
import type { TourData } from './screenTourData';
import { callApi, type ServeProcess } from './serveProcess';

/** What a stop works with: the window, the server's address and API, the tour's records. */
export interface Tour {
  page: Page;
  origin: string;
  server: ServeProcess;
  data: TourData;
}

/** One screen or dialog of the tour. */
export interface TourStop {
  /** The screen's name in findings and screenshot files. */
  name: string;
  /** Opens the screen and waits until it has drawn. */
  show: (tour: Tour) => Promise<void>;
  /** Leaves the screen (closes the dialog); Esc when left out. */
  leave?: (tour: Tour) => Promise<void>;
}

/** Visits each stop in order: show, look (`visit`), leave. */
export async function visitStops(
  stops: readonly TourStop[],
  tour: Tour,
  visit: (name: string) => Promise<void>,
): Promise<void> {
  for (const stop of stops) {
    await stop.show(tour);
    await visit(stop.name);
    if (stop.leave === undefined) await tour.page.keyboard.press('Escape');
    else await stop.leave(tour);
  }
}

/**
 * Opens `hash`, by way of another page when it is already in view, so that the page is drawn
 * afresh (a page keeps its own state — an open view, a selection — while its address stays).
 */
export async function openFresh({ page, origin }: Tour, hash: string): Promise<void> {
  if (new URL(page.url()).hash === hash) {
    await page.goto(`${origin}/#/settings`);
    await page.getByRole('heading', { name: 'About' }).waitFor();
  }
  await page.goto(`${origin}/${hash}`);
}

const integrationStops: TourStop[] = [
  {
    name: 'integration-import',
    show: async (tour) => {
      await openFresh(tour, '#/integrations');
      await tour.page.getByRole('button', { name: 'Import…' }).click();
      await tour.page.getByRole('dialog', { name: 'Import an integration' }).waitFor();
    },
  },
  {
    name: 'configuration-form',
    show: async (tour) => {
      await openFresh(tour, `#/integrations/${tour.data.integrationId}/configurations`);
      await tour.page.getByRole('button', { name: 'New configuration' }).click();
      await tour.page.getByLabel('Configuration name').waitFor();
    },
    leave: async ({ page }) => {
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await page.getByRole('button', { name: 'New configuration' }).waitFor();
    },
  },
  {
    name: 'configuration-delete',
    show: async (tour) => {
      const { integrationId } = tour.data;
      const listed = await callApi(tour.server, 'configurations.list', { integrationId });
      if (!listed.some((configuration) => configuration.name === 'Staging')) {
        await callApi(tour.server, 'configurations.create', { integrationId, name: 'Staging' });
      }
      await openFresh(tour, `#/integrations/${integrationId}/configurations`);
      await tour.page.getByRole('button', { name: 'Delete Staging' }).click();
      await tour.page.getByRole('dialog', { name: 'Delete Staging?' }).waitFor();
    },
  },
  {
    name: 'unsaved-edits',
    show: async (tour) => {
      await openFresh(tour, `#/integrations/${tour.data.integrationId}/method/${tour.data.methodId}`);
      await tour.page.getByLabel('Method name').fill('Get one ticket');
      await tour.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Runbooks' })
        .click();
      await tour.page.getByRole('dialog', { name: 'Unsaved changes' }).waitFor();
    },
    leave: async ({ page }) => {
      await page.getByRole('button', { name: 'Discard changes' }).click();
      await page.getByRole('heading', { name: 'Runbooks', level: 1 }).waitFor();
    },
  },
];

/** Opens a runbook in the designer, drawn and still. */
export async function openDesigner(tour: Tour, runbookId: string): Promise<void> {
  await openFresh(tour, `#/runbooks/${runbookId}`);
  await tour.page.locator(stepSelector('start')).waitFor();
  await waitForStillCanvas(tour.page);
}

/** Opens the designer with the step `stepId` selected, its inspector drawn. */
export async function selectStep(
  tour: Tour,
  runbookId: string,
  stepId: string,
  heading: string,
): Promise<void> {
  await openDesigner(tour, runbookId);
  await tour.page.locator(stepSelector(stepId)).click();
  await tour.page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('heading', { name: heading })
    .waitFor();
}

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

/** The first published version, read-only, from the designer's Versions dialog. */
async function openFirstVersion(tour: Tour): Promise<void> {
  await openDesigner(tour, tour.data.runbookId);
  await tour.page.getByRole('button', { name: 'Versions' }).click();
  await tour.page.getByRole('button', { name: 'View Version 1' }).click();
  await tour.page.getByRole('region', { name: 'Version 1, read-only' }).waitFor();
  await waitForStillCanvas(tour.page);
}

const backToDraft = async ({ page }: Tour) => {
  await page.getByRole('button', { name: 'Back to the draft' }).click();
  await page.locator(stepSelector('start')).waitFor();
};

/** A runbook whose first step after Start is a Switch, made once through the API. */
async function switchRunbookId(tour: Tour): Promise<string> {
  const listed = await callApi(tour.server, 'runbooks.list', {});
  const existing = listed.items.find((runbook) => runbook.name === 'Route by priority');
  if (existing !== undefined) return existing.id;
  const { id } = await callApi(tour.server, 'runbooks.create', { details: { name: 'Route by priority' } });
  const end = (stepId: string, name: string) => ({ id: stepId, name, type: 'end', message: name });
  const draft = {
    inputs: [{ name: 'priority', type: 'string', isRequired: true }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'route',
        name: 'Route',
        type: 'switch',
        value: '{{inputs.priority}}',
        cases: [{ id: 'c1', equals: 'high' }],
      },
      end('urgent', 'Page the on-call'),
      end('other', 'Queue for tomorrow'),
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'route' },
      { from: 'route', kind: 'case_c1', to: 'urgent' },
      { from: 'route', kind: 'default', to: 'other' },
    ],
  };
  await callApi(tour.server, 'runbooks.update', { id, draft: draft as never });
  return id;
}

const runbookStops: TourStop[] = [
  {
    name: 'runbook-import',
    show: async (tour) => {
      await openFresh(tour, '#/runbooks');
      await tour.page.getByRole('button', { name: 'Import…' }).click();
      await tour.page.getByRole('dialog', { name: 'Import a runbook' }).waitFor();
    },
  },
  {
    name: 'runbook-details',
    show: async (tour) => {
      await openDesigner(tour, tour.data.runbookId);
      await tour.page.getByRole('button', { name: 'Edit details' }).click();
      await tour.page.getByRole('dialog', { name: 'Runbook details' }).waitFor();
    },
  },
  { name: 'version-view', show: openFirstVersion, leave: backToDraft },
  {
    name: 'version-restore',
    show: async (tour) => {
      await openFirstVersion(tour);
      await tour.page.getByRole('button', { name: 'Restore into draft…' }).click();
      await tour.page.getByRole('dialog', { name: 'Restore Version 1 into the draft?' }).waitFor();
    },
    leave: async (tour) => {
      await tour.page.keyboard.press('Escape');
      await backToDraft(tour);
    },
  },
  {
    name: 'version-comparison',
    show: async (tour) => {
      await openDesigner(tour, tour.data.runbookId);
      await tour.page.getByRole('button', { name: 'Versions' }).click();
      const compare = tour.page.getByRole('form', { name: 'Compare versions' });
      await compare.getByLabel('Compare').selectOption({ label: 'Version 1' });
      await compare.getByLabel('with').selectOption({ label: 'Draft' });
      await compare.getByRole('button', { name: 'Compare' }).click();
      await tour.page.getByRole('region', { name: /^Comparing / }).waitFor();
      await waitForStillCanvas(tour.page);
    },
    leave: backToDraft,
  },
  {
    name: 'designer-run-refused',
    show: async (tour) => {
      await openDesigner(tour, tour.data.draftRunbookId);
      await tour.page.getByRole('button', { name: 'Run', exact: true }).click();
      const dialog = tour.page.getByRole('dialog', { name: 'Run runbook' });
      await dialog.getByRole('button', { name: 'Start run' }).click();
      await dialog.locator('.field-error, [role="alert"]').first().waitFor();
    },
  },
  {
    name: 'method-drawer',
    show: async (tour) => {
      await selectStep(tour, tour.data.runbookId, 'get_ticket', 'Execute method');
      await inspector(tour.page).getByRole('button', { name: 'Edit method' }).click();
      await tour.page.getByRole('dialog', { name: 'Edit method · Get ticket' }).waitFor();
    },
  },
  {
    name: 'method-picker',
    show: async (tour) => {
      await selectStep(tour, tour.data.runbookId, 'get_ticket', 'Execute method');
      await inspector(tour.page).getByRole('combobox', { name: 'Method' }).click();
      await tour.page.getByRole('listbox', { name: 'Methods' }).waitFor();
    },
  },
  {
    name: 'step-test',
    show: async (tour) => {
      await selectStep(tour, tour.data.runbookId, 'get_ticket', 'Execute method');
      await inspector(tour.page).getByRole('button', { name: 'Test step' }).click();
      await tour.page.getByRole('dialog', { name: 'Test step · Get ticket' }).waitFor();
    },
  },
  {
    name: 'designer-switch',
    show: async (tour) => selectStep(tour, await switchRunbookId(tour), 'route', 'Switch'),
    leave: async () => {},
  },
];

const runStops: TourStop[] = [
  {
    // Only a run the app stopped mid-request asks; the backend's answer for one stands in here.
    name: 'run-repeat-confirm',
    show: async (tour) => {
      await tour.page.route('**/api/runs.rerun', (route) =>
        route.fulfill({
          status: 409,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'conflict',
              field: 'confirmRepeat',
              message:
                '"Close ticket" may already have been sent: the app stopped while its request was out. ' +
                'Check the API first; running again repeats it. Confirm to run it again anyway.',
            },
          }),
        }),
      );
      await openFresh(tour, `#/runs/${tour.data.failedRunId}`);
      await tour.page.getByRole('button', { name: 'Run again' }).click();
      await tour.page.getByRole('dialog', { name: 'Send that request again?' }).waitFor();
    },
    leave: async ({ page }) => {
      await page.keyboard.press('Escape');
      await page.unroute('**/api/runs.rerun');
    },
  },
];

/** The stops after the tour's first pass: the dialogs and views that pass does not open. */
export const dialogStops: readonly TourStop[] = [...integrationStops, ...runbookStops, ...runStops];
