/**
 * Rate limits changed while runs wait for a place: the waiting requests go by the limits saved,
 * not by those in force when they began to wait. A local API holds its first request until the
 * test lets it answer, so the only place of a limit of one stays taken meanwhile.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../../shared/domain/rateLimits';
import type { Backend } from '../backend';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { createOneCallRunbook, waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const limits = (set: Partial<RateLimits>): RateLimits => ({
  requestsPerSecond: null,
  requestsPerMinute: null,
  concurrentRequests: null,
  ...set,
});

/** An API that holds every request until `answerAll`; `arrived(n)` settles once n have come. */
async function holdingApi() {
  const held: http.ServerResponse[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((_, response) => {
    held.push(response);
    for (const waiter of waiting) if (held.length >= waiter.count) waiter.resolve();
  });
  const local = await listen(server);
  servers.push(local);
  return {
    url: local.url,
    held,
    arrived: (count: number, seconds: number) =>
      new Promise<void>((resolve, reject) => {
        if (held.length >= count) return resolve();
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `${String(held.length)} of ${String(count)} requests arrived in ${String(seconds)} s`,
              ),
            ),
          seconds * 1000,
        );
        waiting.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    answerAll: () => {
      for (const response of held) if (!response.writableEnded) response.end('{}');
    },
  };
}
/** Starts a run of the runbook and settles once its call step has begun (it then asks for a place). */
async function startWaitingRun(backend: Backend, runbookId: string): Promise<{ runId: string }> {
  const begun = new Set<string>();
  let onBegun: () => void = () => undefined;
  const listening = backend.events.onDidEmit((message) => {
    if (message.name !== 'runs.stepChanged' || message.payload.step.stepId !== 'call') return;
    begun.add(message.payload.runId);
    onBegun();
  });
  const started = await inProcessApi(backend).call('runs.start', { runbookId, inputs: {} });
  await new Promise<void>((resolve) => {
    onBegun = () => {
      if (begun.has(started.runId)) resolve();
    };
    onBegun();
  });
  listening.dispose();
  return started;
}
const servers: LocalServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('rate limits changed while runs wait', () => {
  it('lets a waiting run’s request go as soon as its integration’s limit is raised', async () => {
    const target = await holdingApi();
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { integrationId, runbookId } = await createOneCallRunbook(api, target.url, '/ping');
    const definition = (concurrentRequests: number) => ({
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ concurrentRequests }) },
    });
    await api.call('integrations.updateDefinition', { id: integrationId, definition: definition(1) });
    const first = await api.call('runs.start', { runbookId, inputs: {} });
    await target.arrived(1, 10);
    const second = await startWaitingRun(backend, runbookId);

    // The first request is still held, so only the raised limit can let the second in.
    await api.call('integrations.updateDefinition', { id: integrationId, definition: definition(2) });
    await target.arrived(2, 10);
    expect(target.held.filter((response) => !response.writableEnded)).toHaveLength(2);
    target.answerAll();
    for (const { runId } of [first, second])
      expect((await waitForRun(backend, runId)).status).toBe('succeeded');
  }, 30_000);

  it('lets a waiting run’s request go as soon as its configuration’s own limit is removed', async () => {
    const target = await holdingApi();
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { integrationId, runbookId } = await createOneCallRunbook(api, target.url, '/ping');
    const configuration = await api.call('configurations.create', {
      integrationId,
      name: 'Main',
      rateLimits: limits({ concurrentRequests: 1 }),
    });
    const first = await api.call('runs.start', { runbookId, inputs: {} });
    await target.arrived(1, 10);
    const second = await startWaitingRun(backend, runbookId);

    await api.call('configurations.update', { id: configuration.id, rateLimits: null });
    await target.arrived(2, 10);
    target.answerAll();
    for (const { runId } of [first, second])
      expect((await waitForRun(backend, runId)).status).toBe('succeeded');
  }, 30_000);
});
