/** Test support: wait for a run started through the backend to end, bounded in time. */
import type { CallOutput } from '../../../shared/api/contract';
import type { Backend } from '../backend';
import { inProcessApi, type TypedApi } from './typedApi';
import { isRunGoing } from '../../../shared/domain/runStatus';
import { expect } from 'vitest';
import { oneStepDraft } from './drafts';

export async function waitForRun(
  backend: Backend,
  id: string,
  seconds = 10,
): Promise<CallOutput<'runs.get'>> {
  for (let attempt = 0; attempt < seconds * 20; attempt += 1) {
    const run = await inProcessApi(backend).call('runs.get', { id });
    if (!isRunGoing(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the run did not finish within ${String(seconds)} s`);
}

/**
 * An integration at `baseUrl` with one GET method at `path`, and a runbook Start → that method →
 * End: the smallest runbook whose run makes a call.
 */
export async function createOneCallRunbook(
  api: TypedApi,
  baseUrl: string,
  path: string,
): Promise<{ integrationId: string; methodId: string; runbookId: string }> {
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Local', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
  const definition = { name: 'Call', httpMethod: 'GET' as const, path };
  const { id: methodId } = await api.call('methods.create', { integrationId, definition });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'One call' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'call', name: 'Call', type: 'method', methodId }),
  });
  return { integrationId, methodId, runbookId };
}

/**
 * Closes `backend` a slice or two into `deletion` (the next turn of the event loop), and expects
 * the deletion to refuse, saying how to finish it.
 */
export async function expectCutShortByClose(backend: Backend, deletion: Promise<unknown>): Promise<void> {
  deletion.catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 0));
  backend.dispose();
  await expect(deletion).rejects.toMatchObject({
    code: 'busy',
    message: expect.stringContaining('Delete it again once the app is open') as unknown,
  });
}
