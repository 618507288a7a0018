/** Versions and forks through the contract, with a real backend on SQLite in a temp folder. */
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api/contract';
import { startBackend } from '../testSupport/temporaryBackend';

type Backend = ReturnType<typeof startBackend>;
type Version = CallOutput<'runbooks.publish'>;
type Runbook = CallOutput<'runbooks.get'>;

/** Start → End, with the End's message and the Start step's triggers switched on. */
const draftEnding = (message: string) => ({
  steps: [
    {
      id: 'start',
      name: 'Start',
      type: 'start',
      webhook: { isEnabled: true, authentication: 'none' },
      schedule: { isEnabled: true, expression: '0 9 * * *' },
    },
    { id: 'done', name: 'Done', type: 'end', message },
  ],
  edges: [{ from: 'start', kind: 'next', to: 'done' }],
  positions: { start: { x: 0, y: 0 }, done: { x: 0, y: 120 } },
});

async function setUp(): Promise<{ backend: Backend; runbookId: string }> {
  const backend = startBackend();
  const { id } = (await backend.dispatch('runbooks.create', {
    details: { name: 'Reset password', category: 'Identity', tags: ['users'] },
  })) as Runbook;
  await backend.dispatch('runbooks.update', { id, draft: draftEnding('first') });
  return { backend, runbookId: id };
}

const publish = async (backend: Backend, id: string, note: string) =>
  (await backend.dispatch('runbooks.publish', { id, note })) as Version;

const endMessageOf = (graph: Runbook['draft']) => {
  const step = graph.steps.find((candidate) => candidate.id === 'done');
  return step?.type === 'end' ? step.message : undefined;
};

describe('runbook versions', () => {
  it('numbers published versions 1, 2, 3 with their notes, newest first', async () => {
    const { backend, runbookId } = await setUp();
    const published = [
      await publish(backend, runbookId, 'First cut'),
      await publish(backend, runbookId, '  Fixed the message  '),
      await publish(backend, runbookId, ''),
    ];
    expect(published.map((version) => version.number)).toEqual([1, 2, 3]);
    expect(published[0]).toMatchObject({ note: 'First cut', isAvailable: true, runCount: 0 });
    const listed = (await backend.dispatch('runbooks.versions', { id: runbookId })) as Version[];
    expect(listed.map((version) => [version.number, version.note])).toEqual([
      [3, ''],
      [2, 'Fixed the message'],
      [1, 'First cut'],
    ]);
  });

  it('refuses to publish a draft with problems, saying the first one, and publishes nothing', async () => {
    const backend = startBackend();
    const { id } = (await backend.dispatch('runbooks.create', { details: { name: 'Empty' } })) as Runbook;
    await expect(backend.dispatch('runbooks.publish', { id, note: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The runbook cannot be published yet: "Start" needs a "next" edge.',
    });
    expect(await backend.dispatch('runbooks.versions', { id })).toEqual([]);
  });

  it('keeps a version’s graph as published while the draft changes', async () => {
    const { backend, runbookId } = await setUp();
    const first = await publish(backend, runbookId, 'v1');
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftEnding('second') });
    const version = (await backend.dispatch('runbooks.version', {
      id: runbookId,
      versionId: first.id,
    })) as CallOutput<'runbooks.version'>;
    expect(version).toMatchObject({ number: 1, note: 'v1' });
    expect(endMessageOf(version.graph)).toBe('first');
  });

  it('marks a version unavailable and available again', async () => {
    const { backend, runbookId } = await setUp();
    const first = await publish(backend, runbookId, 'v1');
    const off = (await backend.dispatch('runbooks.setVersionAvailable', {
      id: runbookId,
      versionId: first.id,
      isAvailable: false,
    })) as Version;
    expect(off).toMatchObject({ number: 1, isAvailable: false });
    const listed = (await backend.dispatch('runbooks.versions', { id: runbookId })) as Version[];
    expect(listed[0]?.isAvailable).toBe(false);
    await backend.dispatch('runbooks.setVersionAvailable', {
      id: runbookId,
      versionId: first.id,
      isAvailable: true,
    });
    const status = (await backend.dispatch('runbooks.triggers', {
      id: runbookId,
    })) as CallOutput<'runbooks.triggers'>;
    expect(status.version?.number).toBe(1);
  });

  it('refuses a version of another runbook as not found', async () => {
    const { backend, runbookId } = await setUp();
    const first = await publish(backend, runbookId, 'v1');
    const { id: otherId } = (await backend.dispatch('runbooks.create', {
      details: { name: 'Other' },
    })) as Runbook;
    await expect(
      backend.dispatch('runbooks.version', { id: otherId, versionId: first.id }),
    ).rejects.toMatchObject({ code: 'not_found', field: 'versionId' });
    await expect(
      backend.dispatch('runbooks.restoreVersion', { id: otherId, versionId: first.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('restores a version into the draft, keeping every version', async () => {
    const { backend, runbookId } = await setUp();
    const first = await publish(backend, runbookId, 'v1');
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftEnding('second') });
    await publish(backend, runbookId, 'v2');
    const restored = (await backend.dispatch('runbooks.restoreVersion', {
      id: runbookId,
      versionId: first.id,
    })) as Runbook;
    expect(endMessageOf(restored.draft)).toBe('first');
    const reread = (await backend.dispatch('runbooks.get', { id: runbookId })) as Runbook;
    expect(reread.draft).toEqual(restored.draft);
    const listed = (await backend.dispatch('runbooks.versions', { id: runbookId })) as Version[];
    expect(listed.map((version) => version.number)).toEqual([2, 1]);
  });

  it('runs the draft by hand, recording no version', async () => {
    const { backend, runbookId } = await setUp();
    await publish(backend, runbookId, 'v1');
    const { runId } = (await backend.dispatch('runs.start', { runbookId })) as { runId: string };
    const run = (await backend.dispatch('runs.get', { id: runId })) as CallOutput<'runs.get'>;
    expect(run.versionId).toBeNull();
  });
});

describe('forking a runbook', () => {
  it('copies details and draft as "<name> (copy)", without versions, secret or active triggers', async () => {
    const { backend, runbookId } = await setUp();
    await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret: 'hunter2-secret' });
    await publish(backend, runbookId, 'v1');
    const source = (await backend.dispatch('runbooks.get', { id: runbookId })) as Runbook;
    const copy = (await backend.dispatch('runbooks.fork', { id: runbookId })) as Runbook;
    expect(copy).toMatchObject({
      name: 'Reset password (copy)',
      category: 'Identity',
      tags: ['users'],
    });
    expect(copy.id).not.toBe(runbookId);
    expect(copy.draft.edges).toEqual(source.draft.edges);
    expect(copy.draft.positions).toEqual(source.draft.positions);
    const start = copy.draft.steps.find((step) => step.type === 'start');
    expect(start).toMatchObject({
      webhook: { isEnabled: false, authentication: 'none' },
      schedule: { isEnabled: false, expression: '0 9 * * *' },
    });
    expect(await backend.dispatch('runbooks.versions', { id: copy.id })).toEqual([]);
    const status = (await backend.dispatch('runbooks.triggers', {
      id: copy.id,
    })) as CallOutput<'runbooks.triggers'>;
    expect(status.webhook.hasSecret).toBe(false);
    expect(status.version).toBeNull();
    // The source is untouched.
    expect((await backend.dispatch('runbooks.get', { id: runbookId })) as Runbook).toEqual(source);
  });

  it('numbers further copies, takes a chosen name, and refuses a name that is taken', async () => {
    const { backend, runbookId } = await setUp();
    await backend.dispatch('runbooks.fork', { id: runbookId });
    const second = (await backend.dispatch('runbooks.fork', { id: runbookId })) as Runbook;
    expect(second.name).toBe('Reset password (copy 2)');
    const named = (await backend.dispatch('runbooks.fork', {
      id: runbookId,
      name: 'Unlock account',
    })) as Runbook;
    expect(named.name).toBe('Unlock account');
    await expect(
      backend.dispatch('runbooks.fork', { id: runbookId, name: 'unlock ACCOUNT' }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('refuses to fork a runbook that does not exist', async () => {
    const backend = startBackend();
    await expect(backend.dispatch('runbooks.fork', { id: 'missing' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
