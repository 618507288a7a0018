/**
 * A run group started in one process, seen and cancelled from another open on the same data
 * folder (the app's window while `serve` runs the group): two backends on one temp folder.
 */
import { describe, expect, it } from 'vitest';
import type { RunGroup } from '../../../shared/domain/runGroup';
import type { Backend } from '../backend';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createClientsRunbook, startHoldingApi } from './testSupport/clientsApi';

/** The group once every client has finished, bounded so a hang fails the test. */
async function settled(backend: Backend, id: string): Promise<RunGroup> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the group did not finish within 10 s')), 10_000);
  });
  try {
    return await Promise.race([backend.runGroups.settled(id), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const byClient = (group: RunGroup) =>
  Object.fromEntries(group.members.map((member) => [member.client, member.status]));

/**
 * Two processes on one temp folder, `serve` and the app, and a group of three clients, one at a
 * time, started by `serve`: its first client's run holds at the API, the others wait for a place.
 */
interface GroupElsewhere {
  held: Awaited<ReturnType<typeof startHoldingApi>>;
  dataDirectory: string;
  serve: Backend;
  app: Backend;
  groupId: string;
  runbookId: string;
}

/** Runs `test` once the group's first client holds at the API; the API is closed after it. */
async function withGroupElsewhere(test: (setup: GroupElsewhere) => Promise<void>): Promise<void> {
  const held = await startHoldingApi();
  try {
    const dataDirectory = temporaryDirectory();
    const serve = startBackend(dataDirectory);
    const app = startBackend(dataDirectory);
    const { runbookId } = await createClientsRunbook(serve, held, ['Acme', 'Globex', 'Initech']);
    const started = await inProcessApi(serve).call('runGroups.start', {
      runbookId,
      clients: 'all',
      concurrency: 1,
    });
    await held.firstArrived;
    await test({ held, dataDirectory, serve, app, groupId: started.id, runbookId });
  } finally {
    await held.close();
  }
}

/** The group as `backend` reads it once `isSeen` holds, looking every 50 ms, at most `looks` times. */
async function groupOnce(
  backend: Backend,
  id: string,
  isSeen: (group: RunGroup) => boolean,
  looks: number,
): Promise<RunGroup> {
  let seen = await inProcessApi(backend).call('runGroups.get', { id });
  for (let attempt = 0; attempt < looks && !isSeen(seen); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = await inProcessApi(backend).call('runGroups.get', { id });
  }
  return seen;
}

describe('a run group going in another process on the data folder', () => {
  it('shows its client running here, and is cancelled from here: its run going there ends cancelled', async () => {
    await withGroupElsewhere(async ({ held, serve, app, groupId }) => {
      // Bounded (5 s): the client's run row reaches the disk a moment after it starts.
      const seen = await groupOnce(app, groupId, (group) => byClient(group)['Acme'] === 'running', 100);
      expect(byClient(seen)).toEqual({ Acme: 'running', Globex: 'pending', Initech: 'pending' });

      const answered = await inProcessApi(app).call('runGroups.cancel', { id: groupId });
      expect(byClient(answered)).toMatchObject({ Globex: 'notStarted', Initech: 'notStarted' });
      const group = await settled(serve, groupId);
      expect(byClient(group)).toEqual({ Acme: 'cancelled', Globex: 'notStarted', Initech: 'notStarted' });
      expect(held.received).toEqual(['GET /ok/Acme/health']);
    });
  });

  it('has its clients left waiting by a process that stopped marked not started by the one still open', async () => {
    await withGroupElsewhere(async ({ serve, app, groupId }) => {
      const told: RunGroup[] = [];
      app.events.onDidEmit((message) => {
        if (message.name === 'runGroups.changed') told.push(message.payload.group);
      });
      stopBackend(serve);

      // Bounded (10 s): the process still open looks every 5 s.
      const seen = await groupOnce(app, groupId, (group) => byClient(group)['Globex'] !== 'pending', 200);
      expect(byClient(seen)).toEqual({ Acme: 'failed', Globex: 'notStarted', Initech: 'notStarted' });
      expect(seen.members.find((member) => member.client === 'Globex')?.error).toMatch(/stopped/);
      // Told once its runs' changes settle (a group is published at most every 100 ms).
      await expect
        .poll(() => told.at(-1)?.members.map((member) => member.status), { timeout: 2_000 })
        .toEqual(['failed', 'notStarted', 'notStarted']);
    });
  });

  it('has its clients left waiting by a process that stopped marked not started by the next start beside another', async () => {
    await withGroupElsewhere(async ({ dataDirectory, serve, app, groupId, runbookId }) => {
      const ownGroup = await inProcessApi(app).call('runGroups.start', {
        runbookId,
        clients: 'all',
        concurrency: 1,
      });
      stopBackend(serve);

      const cli = startBackend(dataDirectory, undefined, { startTriggers: false });
      const seen = await inProcessApi(cli).call('runGroups.get', { id: groupId });
      expect(byClient(seen)).toEqual({ Acme: 'failed', Globex: 'notStarted', Initech: 'notStarted' });
      // The app's group goes on: its clients wait for the app, which lives.
      const appsGroup = await inProcessApi(cli).call('runGroups.get', { id: ownGroup.id });
      expect(appsGroup.members.map((member) => member.status)).not.toContain('notStarted');
    });
  });
});
