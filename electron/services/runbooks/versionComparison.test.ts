/** Two versions compared through the contract, with a real backend on SQLite in a temp folder. */
import { describe, expect, it } from 'vitest';
import type { CallInput } from '../../../shared/api/contract';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Draft = NonNullable<CallInput<'runbooks.update'>['draft']>;

/** Start → Wait → End, the Wait's seconds and the End's message given. */
const draft = (seconds: string, message: string): Draft => ({
  inputs: [{ name: 'count', type: 'number' }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'wait', name: 'Wait', type: 'delay', seconds },
    { id: 'done', name: 'Done', type: 'end', message },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'wait' },
    { from: 'wait', kind: 'next', to: 'done' },
  ],
  positions: { start: { x: 0, y: 0 }, wait: { x: 0, y: 120 }, done: { x: 0, y: 240 } },
});

async function twoVersions() {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id } = await api.call('runbooks.create', { details: { name: 'Nightly sync' } });
  await api.call('runbooks.update', { id, draft: draft('1', 'Synced') });
  const first = await api.call('runbooks.publish', { id, note: 'first' });
  await api.call('runbooks.update', { id, draft: draft('30', 'Synced {{inputs.count}} items') });
  const second = await api.call('runbooks.publish', { id, note: 'slower' });
  return { api, id, first, second };
}

describe('comparing versions', () => {
  it('names each changed field of each step, and the export files differ in just those lines', async () => {
    const { api, id, first, second } = await twoVersions();
    const comparison = await api.call('runbooks.compare', { id, from: first.id, to: second.id });
    expect([comparison.from.label, comparison.to.label]).toEqual(['Version 1', 'Version 2']);
    expect(comparison.diff.steps).toEqual([
      {
        stepId: 'wait',
        name: 'Wait',
        type: 'delay',
        kind: 'changed',
        fields: [{ path: 'seconds', before: '1', after: '30' }],
      },
      {
        stepId: 'done',
        name: 'Done',
        type: 'end',
        kind: 'changed',
        fields: [{ path: 'message', before: 'Synced', after: 'Synced {{inputs.count}} items' }],
      },
    ]);
    if (!('hunks' in comparison.file)) throw new Error(comparison.file.unavailable);
    const changed = comparison.file.hunks.flat().filter((line) => line.op !== 'keep');
    expect(changed.map((line) => `${line.op} ${line.text.trim()}`)).toEqual([
      expect.stringMatching(/^remove "message": "Synced",?$/),
      expect.stringMatching(/^add "message": "Synced \{\{inputs.count\}\} items",?$/),
      expect.stringMatching(/^remove "seconds": "1",?$/),
      expect.stringMatching(/^add "seconds": "30",?$/),
    ]);
    expect(comparison.file.changedLines).toBe(4);
  });

  it('compares a version with the draft, and the draft with itself as no change', async () => {
    const { api, id, second } = await twoVersions();
    await api.call('runbooks.update', {
      id,
      draft: { ...draft('30', 'Synced {{inputs.count}} items'), positions: {} },
    });
    const withDraft = await api.call('runbooks.compare', { id, from: second.id, to: 'draft' });
    expect(withDraft.to).toMatchObject({ label: 'Draft', versionId: null });
    expect(withDraft.diff.steps).toEqual([]);
    expect(withDraft.diff.moved).toEqual(['start', 'wait', 'done']);
    const same = await api.call('runbooks.compare', { id, from: 'draft', to: 'draft' });
    expect(same.file).toEqual({ hunks: [], changedLines: 0 });
  });

  it('refuses a version of another runbook as not found', async () => {
    const { api, id, first } = await twoVersions();
    const other = await api.call('runbooks.create', { details: { name: 'Other' } });
    await expect(
      api.call('runbooks.compare', { id: other.id, from: first.id, to: 'draft' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(api.call('runbooks.compare', { id, from: 'nope', to: 'draft' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
