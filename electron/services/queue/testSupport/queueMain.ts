/**
 * Test support: a main in queue mode (the whole backend, on a temp data directory) with a runbook
 * that POSTs to a local target, optionally after a Delay, and a worker of the same team.
 */
import { createMasterKeyProvider } from '../../secrets/masterKeyProvider';
import { startBackend, temporaryDirectory } from '../../testSupport/temporaryBackend';
import { inProcessApi } from '../../testSupport/typedApi';
import { queueConnectionOf } from '../queueAddress';
import { startQueueWorker, type QueueWorker } from '../queueWorker';
import { createTeamSeal } from '../teamSeal';
import type { RedisServer } from './redisServer';

export const testTeamKey = 'team-key-for-queue-tests';

/** Start → (Delay `delaySeconds`) → POST <target>/tickets/{{inputs.id}} → End. */
export async function startPostingMain(
  redis: RedisServer,
  targetUrl: string,
  options: { delaySeconds?: number; log?: (line: string) => void } = {},
) {
  const main = startBackend(temporaryDirectory(), testTeamKey, {
    log: options.log ?? (() => undefined),
    queue: {
      address: redis.url,
      connection: queueConnectionOf(redis.url),
      seal: createTeamSeal(testTeamKey),
    },
  });
  await main.triggersReady;
  await main.queue?.ready;
  const api = inProcessApi(main);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl: targetUrl } });
  const { id: methodId } = await api.call('methods.create', {
    integrationId,
    definition: { name: 'Create ticket', httpMethod: 'POST', path: '/tickets/{id}' },
  });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Create ticket' } });
  const delay = options.delaySeconds === undefined ? [] : ['wait'];
  const path = ['start', ...delay, 'post', 'done'];
  await api.call('runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'id', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        ...delay.map((id) => ({
          id,
          name: 'Wait',
          type: 'delay' as const,
          seconds: String(options.delaySeconds),
        })),
        { id: 'post', name: 'Post', type: 'method', methodId, arguments: { id: '{{inputs.id}}' } },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded' },
      ],
      edges: path.slice(1).map((to, index) => ({
        from: path[index] ?? '',
        kind: path[index] === 'post' ? ('success' as const) : ('next' as const),
        to,
      })),
    },
  });
  return { main, api, runbookId };
}

/** A worker of the same team (or of `teamKey`), its data in a temp directory; close it when done. */
export function startTestWorker(redis: RedisServer, concurrency = 4, teamKey = testTeamKey): QueueWorker {
  const dataDirectory = temporaryDirectory();
  return startQueueWorker({
    connection: queueConnectionOf(redis.url),
    seal: createTeamSeal(teamKey),
    dataDirectory,
    keyProvider: createMasterKeyProvider({ dataDirectory, environmentKey: teamKey }),
    concurrency,
    log: () => undefined,
  });
}
