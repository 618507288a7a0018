/** What a delete would break, asked through the API as the window asks before it deletes. */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

async function workspace() {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Tickets', category: 'PSA' },
  });
  const method = await api.call('methods.create', {
    integrationId,
    definition: { name: 'Get ticket', httpMethod: 'GET', path: '/tickets/1' },
  });
  const runbook = async (
    name: string,
    steps: Record<string, unknown>[],
    edges: Record<string, unknown>[] = [],
  ) => {
    const { id } = await api.call('runbooks.create', { details: { name } });
    const all = [{ id: 'start', name: 'Start', type: 'start' }, ...steps];
    await api.call('runbooks.update', {
      id,
      draft: {
        steps: all,
        edges,
        positions: Object.fromEntries(all.map((step, index) => [step.id, { x: 0, y: index * 100 }])),
      } as never,
    });
    return id;
  };
  return { backend, api, methodId: method.id, runbook };
}

describe('deletion impact', () => {
  it('names the runbooks whose steps use a method, and no other', async () => {
    const { api, methodId, runbook } = await workspace();
    const methodStep = { id: 'get', name: 'Get', type: 'method', methodId };
    await runbook('Onboard user', [methodStep]);
    await runbook('Close tickets', [methodStep]);
    await runbook('Unrelated', []);
    const impact = await api.call('methods.deletionImpact', { id: methodId });
    expect(impact.runbooks.map((item) => item.name)).toEqual(['Close tickets', 'Onboard user']);
  });

  it('counts a runbook’s runs and names the runbooks that run it as a step', async () => {
    const { api, runbook } = await workspace();
    const child = await runbook(
      'Child',
      [{ id: 'done', name: 'Done', type: 'end' }],
      [{ from: 'start', kind: 'next', to: 'done' }],
    );
    await runbook('Parent', [{ id: 'call', name: 'Call child', type: 'runRunbook', runbookId: child }]);
    await runbook('Bystander', []);
    await api.call('runs.start', { runbookId: child, inputs: {} });
    await api.call('runs.start', { runbookId: child, inputs: {} });
    const impact = await api.call('runbooks.deletionImpact', { id: child });
    expect(impact).toEqual({ runs: 2, runbooks: [{ id: expect.any(String), name: 'Parent' }] });
  });

  it('names a runbook whose published version uses the method though its draft no longer does', async () => {
    const { api, methodId, runbook } = await workspace();
    const id = await runbook(
      'Close tickets',
      [
        { id: 'get', name: 'Get', type: 'method', methodId },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      [
        { from: 'start', kind: 'next', to: 'get' },
        { from: 'get', kind: 'success', to: 'done' },
      ],
    );
    const version = await api.call('runbooks.publish', { id, note: 'uses Get ticket' });
    await api.call('runbooks.update', {
      id,
      draft: { steps: [{ id: 'start', name: 'Start', type: 'start' }] },
    });
    const impact = await api.call('methods.deletionImpact', { id: methodId });
    expect(impact.runbooks).toEqual([{ id, name: 'Close tickets' }]);
    // An unavailable version is run by no trigger.
    await api.call('runbooks.setVersionAvailable', { id, versionId: version.id, isAvailable: false });
    expect((await api.call('methods.deletionImpact', { id: methodId })).runbooks).toEqual([]);
  });

  it('names a runbook whose published version runs the runbook, each runbook once', async () => {
    const { api, runbook } = await workspace();
    const child = await runbook(
      'Child',
      [{ id: 'done', name: 'Done', type: 'end' }],
      [{ from: 'start', kind: 'next', to: 'done' }],
    );
    const parent = await runbook(
      'Parent',
      [
        { id: 'call', name: 'Call child', type: 'runRunbook', runbookId: child },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      [
        { from: 'start', kind: 'next', to: 'call' },
        { from: 'call', kind: 'success', to: 'done' },
      ],
    );
    await api.call('runbooks.publish', { id: parent, note: '' });
    // Both its draft and its version run the child: named once.
    expect((await api.call('runbooks.deletionImpact', { id: child })).runbooks).toEqual([
      { id: parent, name: 'Parent' },
    ]);
    await api.call('runbooks.update', {
      id: parent,
      draft: { steps: [{ id: 'start', name: 'Start', type: 'start' }] },
    });
    expect((await api.call('runbooks.deletionImpact', { id: child })).runbooks).toEqual([
      { id: parent, name: 'Parent' },
    ]);
  });

  it('refuses, saying so, for a method or runbook that no longer exists', async () => {
    const { api } = await workspace();
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(api.call('methods.deletionImpact', { id: missing })).rejects.toMatchObject({
      code: 'not_found',
      message: 'This method no longer exists; it may have been deleted.',
    });
    await expect(api.call('runbooks.deletionImpact', { id: missing })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
