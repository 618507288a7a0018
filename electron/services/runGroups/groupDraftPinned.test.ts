/**
 * A run group started by hand runs the draft as it was when the group started, for every client:
 * the designer saves the draft as it is edited, and clients still waiting for a place must not run
 * a later, perhaps half-finished, draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { RunGroup } from '../../../shared/domain/runGroup';
import type { Backend } from '../backend';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import {
  createClientsRunbook,
  startClientsApi,
  startHoldingApi,
  type ClientsApi,
} from './testSupport/clientsApi';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi(200);
});
afterAll(() => api.close());

/** The group once every client has finished, bounded so a hang fails the test. */
async function settled(backend: Backend, id: string): Promise<RunGroup> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the group did not finish within 30 s')), 30_000);
  });
  try {
    return await Promise.race([backend.runGroups.settled(id), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a run group started by hand', () => {
  it('runs the draft it started with for the clients still waiting when the draft is saved again', async () => {
    const backend = startBackend();
    const call = inProcessApi(backend).call;
    const { runbookId } = await createClientsRunbook(backend, api, ['Acme', 'Globex', 'Initech']);
    const started = await call('runGroups.start', { runbookId, clients: 'all', concurrency: 1 });

    // Edited while Acme runs: the End message changed, then the success exit taken away.
    const { draft } = await call('runbooks.get', { id: runbookId });
    const edited = runbookGraphSchema.parse({
      ...draft,
      steps: draft.steps.map((step) => (step.id === 'ok' ? { ...step, message: 'edited later' } : step)),
      edges: draft.edges.filter((edge) => edge.kind !== 'success'),
    });
    await call('runbooks.update', { id: runbookId, draft: edited });

    const group = await settled(backend, started.id);
    expect(group.members.map((member) => [member.client, member.status, member.message])).toEqual([
      ['Acme', 'succeeded', 'Acme is healthy'],
      ['Globex', 'succeeded', 'Globex is healthy'],
      ['Initech', 'succeeded', 'Initech is healthy'],
    ]);
  });

  it('runs on Re-run failed the draft saved since, for the clients that never started as for those that failed', async () => {
    const held = await startHoldingApi();
    try {
      const backend = startBackend();
      const call = inProcessApi(backend).call;
      const { runbookId } = await createClientsRunbook(backend, held, ['Acme', 'Globex', 'Initech']);
      const started = await call('runGroups.start', { runbookId, clients: 'all', concurrency: 1 });
      await held.firstArrived;
      await call('runGroups.cancel', { id: started.id });
      const cancelled = await settled(backend, started.id);
      expect(cancelled.members.map((member) => member.status)).toEqual([
        'cancelled',
        'notStarted',
        'notStarted',
      ]);

      // The draft saved since says so when the API cannot be reached, as it now cannot.
      const { draft } = await call('runbooks.get', { id: runbookId });
      const edited = runbookGraphSchema.parse({
        ...draft,
        steps: draft.steps.map((step) =>
          step.id === 'down' ? { ...step, message: '{{client}}: no answer' } : step,
        ),
      });
      await call('runbooks.update', { id: runbookId, draft: edited });
      await held.close();
      await call('runGroups.rerunFailed', { id: started.id });
      const again = await settled(backend, started.id);
      expect(
        again.members.map((member) => [member.client, member.attempt, member.status, member.message]),
      ).toEqual([
        ['Acme', 2, 'failed', 'Acme: no answer'],
        ['Globex', 2, 'failed', 'Globex: no answer'],
        ['Initech', 2, 'failed', 'Initech: no answer'],
      ]);
    } finally {
      await held.close().catch(() => undefined);
    }
  });

  it('runs, for every client of a Re-run failed, the draft as it was when the re-run was asked', async () => {
    const backend = startBackend();
    const call = inProcessApi(backend).call;
    const clients = ['Acme', 'Globex', 'Initech'];
    const { runbookId } = await createClientsRunbook(backend, api, clients, clients);
    const started = await call('runGroups.start', { runbookId, clients: 'all', concurrency: 1 });
    await settled(backend, started.id);

    const { draft } = await call('runbooks.get', { id: runbookId });
    const withDownMessage = (message: string) =>
      runbookGraphSchema.parse({
        ...draft,
        steps: draft.steps.map((step) => (step.id === 'down' ? { ...step, message } : step)),
      });
    await call('runbooks.update', { id: runbookId, draft: withDownMessage('{{client}}: still down') });
    await call('runGroups.rerunFailed', { id: started.id });
    // Edited again while Acme's re-run goes and the others wait for their place.
    await call('runbooks.update', { id: runbookId, draft: withDownMessage('edited later') });

    const group = await settled(backend, started.id);
    expect(group.members.map((member) => [member.client, member.attempt, member.message])).toEqual([
      ['Acme', 2, 'Acme: still down'],
      ['Globex', 2, 'Globex: still down'],
      ['Initech', 2, 'Initech: still down'],
    ]);
  });
});
