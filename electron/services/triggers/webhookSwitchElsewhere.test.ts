/**
 * A webhook switched off in one process is refused at once by another process's listener on the
 * same data folder (the app's designer, `serve` receiving): the listener reads the draft's switch
 * for each delivery, and the runbook's row anew once another connection has committed.
 */
import { describe, expect, it } from 'vitest';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const webhookDraft = (isEnabled: boolean) =>
  ({
    steps: [
      { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled, authentication: 'none' } },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  }) as never;

const deliver = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

describe('a webhook switched in another process on the data folder', () => {
  it('is refused here at once when switched off there, and taken again when switched on', async () => {
    const dataDirectory = temporaryDirectory();
    const serve = startBackend(dataDirectory);
    await serve.triggersReady;
    const { call } = inProcessApi(serve);
    const { id } = await call('runbooks.create', { details: { name: 'On delivery' } });
    await call('runbooks.update', { id, draft: webhookDraft(true) });
    await call('runbooks.publish', { id, note: '' });
    const url = (await call('runbooks.triggers', { id })).webhook.url ?? '';
    expect((await deliver(url)).status).toBe(202);

    const app = startBackend(dataDirectory);
    await inProcessApi(app).call('runbooks.update', { id, draft: webhookDraft(false) });
    expect((await deliver(url)).status).toBe(404);
    await inProcessApi(app).call('runbooks.update', { id, draft: webhookDraft(true) });
    expect((await deliver(url)).status).toBe(202);
  });
});
