/**
 * A run group is published (runGroups.changed, the whole group) once for a burst of its runs'
 * changes, not once per change: each publication reads every attempt and run of the group, so
 * one per change grew with the group and held the process over a few hundred clients.
 */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createClientsRunbook, startHoldingApi } from './testSupport/clientsApi';

describe('a run group’s publications', () => {
  it('come once for a burst of its runs’ changes, with the group as it is then', async () => {
    const held = await startHoldingApi();
    try {
      const backend = startBackend();
      const call = inProcessApi(backend).call;
      const clients = ['Acme', 'Globex', 'Initech', 'Umbrella'];
      const { runbookId } = await createClientsRunbook(backend, held, clients);
      const started = await call('runGroups.start', { runbookId, clients: 'all', concurrency: 4 });
      await held.firstArrived;
      const runs = await call('runs.list', { groupId: started.id });
      expect(runs).toHaveLength(4);

      let published = 0;
      const listener = backend.events.onDidEmit((message) => {
        if (message.name === 'runGroups.changed' && message.payload.group.id === started.id) published += 1;
      });
      // Fifty changes of its runs at once, as a large group's runs going bring them.
      for (let change = 0; change < 50; change += 1)
        backend.events.emit({
          name: 'runs.changed',
          payload: { run: runs[change % 4] as (typeof runs)[number] },
        });
      expect(published).toBe(0);
      await expect.poll(() => published, { timeout: 5_000 }).toBe(1);

      await call('runGroups.cancel', { id: started.id });
      const group = await backend.runGroups.settled(started.id);
      expect(group.members.map((member) => member.status)).toEqual([
        'cancelled',
        'cancelled',
        'cancelled',
        'cancelled',
      ]);
      listener.dispose();
    } finally {
      await held.close();
    }
  });
});
