/** Two windows (or processes) saving one runbook's draft: runbooks.update checks the revision edited from. */
import { describe, expect, it } from 'vitest';
import type { CallInput } from '../../../shared/api/contract';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Draft = NonNullable<CallInput<'runbooks.update'>['draft']>;

/** Start → Done, the End step named `doneName`, and `extra` steps left unconnected. */
const draftNaming = (doneName: string, extra: Draft['steps'] = []): Draft => ({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'done', name: doneName, type: 'end' },
    ...extra,
  ],
  edges: [{ from: 'start', kind: 'next', to: 'done' }],
});

async function openedRunbook(backend = startBackend()) {
  const api = inProcessApi(backend);
  const created = await api.call('runbooks.create', { details: { name: 'Morning checks' } });
  const read = await api.call('runbooks.update', { id: created.id, draft: draftNaming('Done') });
  return { api, id: created.id, revision: read.draftRevision };
}

const stepNames = (runbook: { draft: { steps: { name: string }[] } }) =>
  runbook.draft.steps.map((step) => step.name);

describe('saving a draft edited from a revision', () => {
  it('refuses a draft edited from a revision another save has moved on from, keeping that save', async () => {
    const { api, id, revision } = await openedRunbook();
    const first = await api.call('runbooks.update', {
      id,
      draft: draftNaming('Renamed in window A'),
      draftRevision: revision,
    });
    expect(first.draftRevision).not.toBe(revision);

    await expect(
      api.call('runbooks.update', {
        id,
        draft: draftNaming('Done', [{ id: 'note', name: 'Added in window B', type: 'end' }]),
        draftRevision: revision,
      }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'draftRevision' });
    const stored = await api.call('runbooks.get', { id });
    expect(stepNames(stored)).toEqual(['Start', 'Renamed in window A']);
    expect(stored.draftRevision).toBe(first.draftRevision);
  });

  it('saves a draft edited from the stored revision, answering the next one, again and again', async () => {
    const { api, id, revision } = await openedRunbook();
    const first = await api.call('runbooks.update', {
      id,
      draft: draftNaming('One'),
      draftRevision: revision,
    });
    const second = await api.call('runbooks.update', {
      id,
      draft: draftNaming('Two'),
      draftRevision: first.draftRevision,
    });
    expect(stepNames(second)).toEqual(['Start', 'Two']);
    expect(new Set([revision, first.draftRevision, second.draftRevision]).size).toBe(3);
    expect((await api.call('runbooks.get', { id })).draftRevision).toBe(second.draftRevision);
  });

  it('does not move the revision when only the details change', async () => {
    const { api, id, revision } = await openedRunbook();
    const renamed = await api.call('runbooks.update', { id, details: { name: 'Evening checks' } });
    expect(renamed.draftRevision).toBe(revision);
    const saved = await api.call('runbooks.update', {
      id,
      draft: draftNaming('Done!'),
      draftRevision: revision,
    });
    expect(saved.name).toBe('Evening checks');
    expect(stepNames(saved)).toEqual(['Start', 'Done!']);
  });

  it('saves over a draft changed and changed back to the one edited from: nothing is lost', async () => {
    const { api, id, revision } = await openedRunbook();
    const changed = await api.call('runbooks.update', { id, draft: draftNaming('Changed') });
    await api.call('runbooks.update', {
      id,
      draft: draftNaming('Done'),
      draftRevision: changed.draftRevision,
    });
    const saved = await api.call('runbooks.update', {
      id,
      draft: draftNaming('Mine'),
      draftRevision: revision,
    });
    expect(stepNames(saved)).toEqual(['Start', 'Mine']);
  });

  it('saves over whatever is stored when no revision is sent (scripts, the command line)', async () => {
    const { api, id, revision } = await openedRunbook();
    await api.call('runbooks.update', { id, draft: draftNaming('Theirs'), draftRevision: revision });
    const saved = await api.call('runbooks.update', { id, draft: draftNaming('Overwritten') });
    expect(stepNames(saved)).toEqual(['Start', 'Overwritten']);
  });

  it('refuses a draft edited before a version was restored into it', async () => {
    const { api, id, revision } = await openedRunbook();
    const version = await api.call('runbooks.publish', { id, note: 'v1' });
    const edited = await api.call('runbooks.update', {
      id,
      draft: draftNaming('Edited'),
      draftRevision: revision,
    });
    await api.call('runbooks.restoreVersion', { id, versionId: version.id });
    await expect(
      api.call('runbooks.update', {
        id,
        draft: draftNaming('Edited more'),
        draftRevision: edited.draftRevision,
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(stepNames(await api.call('runbooks.get', { id }))).toEqual(['Start', 'Done']);
  });

  it('refuses a save in another process on the same data folder made from the revision before', async () => {
    const dataDirectory = temporaryDirectory();
    const { api: app, id, revision } = await openedRunbook(startBackend(dataDirectory));
    const serve = inProcessApi(startBackend(dataDirectory));
    // Each process reads the draft (and keeps it) before the other saves.
    expect((await serve.call('runbooks.get', { id })).draftRevision).toBe(revision);
    await app.call('runbooks.update', {
      id,
      draft: draftNaming('Saved by the app'),
      draftRevision: revision,
    });
    await expect(
      serve.call('runbooks.update', { id, draft: draftNaming('Saved by serve'), draftRevision: revision }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'draftRevision' });
    expect(stepNames(await serve.call('runbooks.get', { id }))).toEqual(['Start', 'Saved by the app']);
  });
});
