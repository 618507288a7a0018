/**
 * A run group started in one process, seen and cancelled from another open on the same data
 * folder (the app's window while `serve` runs the group): two backends on one temp folder.
 */
import { describe, expect, it } from 'vitest';
import type { RunGroup } from '../../../shared/domain/runGroup';
import type { Backend } from '../backend';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
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

describe('a run group going in another process on the data folder', () => {
  it('shows its client running here, and is cancelled from here: its run going there ends cancelled', async () => {
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
      // Bounded (5 s): the client's run row reaches the disk a moment after it starts.
      let seen = await inProcessApi(app).call('runGroups.get', { id: started.id });
      for (let attempt = 0; attempt < 100 && byClient(seen)['Acme'] !== 'running'; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await inProcessApi(app).call('runGroups.get', { id: started.id });
      }
      expect(byClient(seen)).toEqual({ Acme: 'running', Globex: 'pending', Initech: 'pending' });

      const answered = await inProcessApi(app).call('runGroups.cancel', { id: started.id });
      expect(byClient(answered)).toMatchObject({ Globex: 'notStarted', Initech: 'notStarted' });
      const group = await settled(serve, started.id);
      expect(byClient(group)).toEqual({ Acme: 'cancelled', Globex: 'notStarted', Initech: 'notStarted' });
      expect(held.received).toEqual(['GET /ok/Acme/health']);
    } finally {
      await held.close();
    }
  });
});
