/**
 * The screen tour's stops for Wait for approval: the step's inspector in the designer, and the
 * page of a run waiting for a decision (message, deadline, link, Approve / Reject). The runbook
 * and its waiting run are made on first use, after the other stops, so the screens before them
 * show what they always did; the run waits a day, far longer than the tour.
 */
import { callApi, type ServeProcess } from './serveProcess';
import { openFresh, selectStep, type TourStop } from './tourStops';

const runbookName = 'Reset a password';

/** Start → Wait for approval → End per exit, made once through the API. */
async function approvalRunbookId(server: ServeProcess): Promise<string> {
  const listed = await callApi(server, 'runbooks.list', {});
  const existing = listed.items.find((runbook) => runbook.name === runbookName);
  if (existing !== undefined) return existing.id;
  const { id } = await callApi(server, 'runbooks.create', { details: { name: runbookName } });
  const end = (stepId: string, outcome: string, message: string) => ({
    id: stepId,
    name: message,
    type: 'end',
    outcome,
    message,
  });
  const draft = {
    inputs: [{ name: 'user', type: 'string', isRequired: true }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'ask',
        name: 'Ask the manager',
        type: 'approval',
        message: 'Reset the password of {{inputs.user}}?',
        timeoutMinutes: 24 * 60,
        approvers: 'The service desk manager',
        instructions: 'Check the ticket before approving.',
      },
      end('approved', 'succeeded', 'Password reset'),
      end('rejected', 'failed', 'Rejected'),
      end('late', 'failed', 'Nobody answered'),
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'ask' },
      { from: 'ask', kind: 'approved', to: 'approved' },
      { from: 'ask', kind: 'rejected', to: 'rejected' },
      { from: 'ask', kind: 'timed_out', to: 'late' },
    ],
  };
  await callApi(server, 'runbooks.update', { id, draft: draft as never });
  return id;
}

/** A run of the approval runbook waiting for its decision (asked a bounded number of times). */
async function waitingRunId(server: ServeProcess): Promise<string> {
  const runbookId = await approvalRunbookId(server);
  const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: { user: 'ada' } });
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if ((await callApi(server, 'runs.get', { id: runId })).status === 'waiting') return runId;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not reach its approval step`);
}

/** The designer with the approval step selected, and a waiting run's page. */
export const approvalStops: readonly TourStop[] = [
  {
    name: 'designer-approval',
    show: async (tour) => selectStep(tour, await approvalRunbookId(tour.server), 'ask', 'Wait for approval'),
    leave: async () => {},
  },
  {
    name: 'run-waiting-approval',
    show: async (tour) => {
      await openFresh(tour, `#/runs/${await waitingRunId(tour.server)}`);
      await tour.page
        .getByRole('region', { name: 'Waiting for approval' })
        .getByRole('button', { name: 'Approve', exact: true })
        .waitFor();
    },
    leave: async () => {},
  },
];
