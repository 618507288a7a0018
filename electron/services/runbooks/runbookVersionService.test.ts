/** Versions and forks through the contract, with a real backend on SQLite in a temp folder. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api/contract';
import { openDatabase } from '../db/database';
import { nameKey } from '../db/repositories/integrationRepository';
import { startBackend, stopBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
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
  const { id } = await inProcessApi(backend).call('runbooks.create', {
    details: { name: 'Reset password', category: 'Identity', tags: ['users'] },
  });
  await backend.dispatch('runbooks.update', { id, draft: draftEnding('first') });
  return { backend, runbookId: id };
}

const publish = async (backend: Backend, id: string, note: string) =>
  await inProcessApi(backend).call('runbooks.publish', { id, note });

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
    const listed = await inProcessApi(backend).call('runbooks.versions', { id: runbookId });
    expect(listed.map((version) => [version.number, version.note])).toEqual([
      [3, ''],
      [2, 'Fixed the message'],
      [1, 'First cut'],
    ]);
  });

  it('refuses to publish a draft with problems, saying the first one, and publishes nothing', async () => {
    const backend = startBackend();
    const { id } = await inProcessApi(backend).call('runbooks.create', { details: { name: 'Empty' } });
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
    const version = await inProcessApi(backend).call('runbooks.version', {
      id: runbookId,
      versionId: first.id,
    });
    expect(version).toMatchObject({ number: 1, note: 'v1' });
    expect(endMessageOf(version.graph)).toBe('first');
  });

  it('marks a version unavailable and available again', async () => {
    const { backend, runbookId } = await setUp();
    const first = await publish(backend, runbookId, 'v1');
    const off = await inProcessApi(backend).call('runbooks.setVersionAvailable', {
      id: runbookId,
      versionId: first.id,
      isAvailable: false,
    });
    expect(off).toMatchObject({ number: 1, isAvailable: false });
    const listed = await inProcessApi(backend).call('runbooks.versions', { id: runbookId });
    expect(listed[0]?.isAvailable).toBe(false);
    await backend.dispatch('runbooks.setVersionAvailable', {
      id: runbookId,
      versionId: first.id,
      isAvailable: true,
    });
    const status = await inProcessApi(backend).call('runbooks.triggers', {
      id: runbookId,
    });
    expect(status.version?.number).toBe(1);
  });

  it('refuses a version of another runbook as not found', async () => {
    const { backend, runbookId } = await setUp();
    const first = await publish(backend, runbookId, 'v1');
    const { id: otherId } = await inProcessApi(backend).call('runbooks.create', {
      details: { name: 'Other' },
    });
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
    const restored = await inProcessApi(backend).call('runbooks.restoreVersion', {
      id: runbookId,
      versionId: first.id,
    });
    expect(endMessageOf(restored.draft)).toBe('first');
    const reread = await inProcessApi(backend).call('runbooks.get', { id: runbookId });
    expect(reread.draft).toEqual(restored.draft);
    const listed = await inProcessApi(backend).call('runbooks.versions', { id: runbookId });
    expect(listed.map((version) => version.number)).toEqual([2, 1]);
  });

  it('restores a version keeping the draft’s webhook off and its schedule paused, which apply at once', async () => {
    const { backend, runbookId } = await setUp();
    await backend.triggersReady;
    const first = await publish(backend, runbookId, 'v1');
    // Switched off in the draft: the webhook refuses at once and the schedule stops.
    const draft = draftEnding('second');
    const [start, ...rest] = draft.steps;
    const switchedOff = {
      ...draft,
      steps: [
        {
          ...start,
          webhook: { isEnabled: false, authentication: 'none' },
          schedule: { isEnabled: true, expression: '0 9 * * *', isPaused: true },
        },
        ...rest,
      ],
    };
    await backend.dispatch('runbooks.update', { id: runbookId, draft: switchedOff });
    const deliver = async () => {
      const { webhook } = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
      const answer = await fetch(webhook.url ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return answer.status;
    };
    expect(await deliver()).toBe(404);

    const restored = await inProcessApi(backend).call('runbooks.restoreVersion', {
      id: runbookId,
      versionId: first.id,
    });
    expect(endMessageOf(restored.draft)).toBe('first');
    expect(restored.draft.steps.find((step) => step.type === 'start')).toMatchObject({
      webhook: { isEnabled: false },
      schedule: { isEnabled: true, isPaused: true },
    });
    expect(await deliver()).toBe(404);
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(status.schedule.nextTimes).toEqual([]);
    expect(await backend.dispatch('runs.list', { runbookId })).toEqual([]);
  });

  it('runs the draft by hand, recording no version', async () => {
    const { backend, runbookId } = await setUp();
    await publish(backend, runbookId, 'v1');
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
    const run = await inProcessApi(backend).call('runs.get', { id: runId });
    expect(run.versionId).toBeNull();
  });
});

describe('forking a runbook', () => {
  it('copies details and draft as "<name> (copy)", without versions, secret or active triggers', async () => {
    const { backend, runbookId } = await setUp();
    await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret: 'hunter2-secret' });
    await publish(backend, runbookId, 'v1');
    const source = await inProcessApi(backend).call('runbooks.get', { id: runbookId });
    const copy = await inProcessApi(backend).call('runbooks.fork', { id: runbookId });
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
    const status = await inProcessApi(backend).call('runbooks.triggers', {
      id: copy.id,
    });
    expect(status.webhook.hasSecret).toBe(false);
    expect(status.version).toBeNull();
    // The source is untouched.
    expect(await inProcessApi(backend).call('runbooks.get', { id: runbookId })).toEqual(source);
  });

  it('numbers further copies, takes a chosen name, and refuses a name that is taken', async () => {
    const { backend, runbookId } = await setUp();
    await backend.dispatch('runbooks.fork', { id: runbookId });
    const second = await inProcessApi(backend).call('runbooks.fork', { id: runbookId });
    expect(second.name).toBe('Reset password (copy 2)');
    const named = await inProcessApi(backend).call('runbooks.fork', {
      id: runbookId,
      name: 'Unlock account',
    });
    expect(named.name).toBe('Unlock account');
    await expect(
      backend.dispatch('runbooks.fork', { id: runbookId, name: 'unlock ACCOUNT' }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('names a fork of a runbook named before the one-line rule as a name is saved now', async () => {
    const { backend, runbookId } = await setUp();
    // As an earlier version stored them: a tab and an escape in the name, a tab in the category
    // and a tag, a tag of control characters alone.
    const { databaseFile } = backend;
    stopBackend(backend);
    const db = openDatabase({ file: databaseFile });
    db.prepare('UPDATE runbooks SET name = ?, name_key = ?, category = ?, tags = ? WHERE id = ?').run(
      'Reset\tpassword\u001b',
      nameKey('Reset\tpassword\u001b'),
      'Iden\ttity',
      JSON.stringify(['us\ters', '\u0007']),
      runbookId,
    );
    db.close();
    const reopened = startBackend(path.dirname(databaseFile));
    try {
      const copy = await inProcessApi(reopened).call('runbooks.fork', { id: runbookId });
      expect(copy).toMatchObject({ name: 'Reset password (copy)', category: 'Iden tity', tags: ['us ers'] });
    } finally {
      stopBackend(reopened);
    }
  });

  it('refuses to fork a runbook that does not exist', async () => {
    const backend = startBackend();
    await expect(backend.dispatch('runbooks.fork', { id: 'missing' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
