/** What an integration or runbook import tells the windows: every method it added, so their lists show it. */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage, CallInput, CallName } from '../../../shared/api/contract';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

describe('an integration import', () => {
  it('tells of each method it adds to an integration matched by name', async () => {
    const backend = startBackend();
    const { id: integrationId } = await call(backend, 'integrations.create', {
      details: { name: 'Tickets', category: 'PSA' },
    });
    for (const name of ['List tickets', 'Close ticket'])
      await call(backend, 'methods.create', {
        integrationId,
        definition: { name, httpMethod: 'GET', path: '/tickets' },
      });
    const { content } = await call(backend, 'integrations.export', { id: integrationId });
    const closing = (await call(backend, 'methods.list', { integrationId })).find(
      (method) => method.definition.name === 'Close ticket',
    );
    await call(backend, 'methods.delete', { id: closing?.id ?? '' });
    const told: ApiEventMessage[] = [];
    const subscription = backend.events.onDidEmit((message) => told.push(message));

    const { plan } = await call(backend, 'integrations.import', { content });
    subscription.dispose();

    expect(plan.methods).toEqual([
      { name: 'Close ticket', action: 'create' },
      { name: 'List tickets', action: 'match' },
    ]);
    const added = (await call(backend, 'methods.list', { integrationId })).find(
      (method) => method.definition.name === 'Close ticket',
    );
    expect(told).toEqual([
      { name: 'integrations.changed', payload: { id: integrationId, change: 'updated' } },
      { name: 'methods.changed', payload: { id: added?.id, integrationId, change: 'created' } },
    ]);
  });

  it('tells of each method a runbook import adds to an integration matched by name', async () => {
    const backend = startBackend();
    const { id: integrationId } = await call(backend, 'integrations.create', {
      details: { name: 'Tickets', category: 'PSA' },
    });
    const { id: methodId } = await call(backend, 'methods.create', {
      integrationId,
      definition: { name: 'Close ticket', httpMethod: 'POST', path: '/tickets/close' },
    });
    const { id: runbookId } = await call(backend, 'runbooks.create', { details: { name: 'Close' } });
    await call(backend, 'runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'close', name: 'Close', type: 'method', methodId, arguments: {} },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'close' }],
      },
    });
    const { content } = await call(backend, 'runbooks.export', { id: runbookId });
    await call(backend, 'methods.delete', { id: methodId });
    const told: ApiEventMessage[] = [];
    const subscription = backend.events.onDidEmit((message) => told.push(message));

    await call(backend, 'runbooks.import', { content, mode: 'copy' });
    subscription.dispose();

    const [added] = await call(backend, 'methods.list', { integrationId });
    expect(added?.definition.name).toBe('Close ticket');
    expect(told.filter((message) => message.name === 'methods.changed')).toEqual([
      { name: 'methods.changed', payload: { id: added?.id, integrationId, change: 'created' } },
    ]);
  });
});
