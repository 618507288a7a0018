/**
 * A step's wait for the rate limit is shown wherever the step is: on the Run runbook step of the
 * run that started the waiting run (its parent), and in the other processes open on the data
 * folder (the app and `serve` on one folder), through runs.get and their run events.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { limitedPingRunbook, limits, useLimitedApis } from '../testSupport/limitedApi';
import { waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const localApi = useLimitedApis();

/** Waits until `isThere` holds, at most 10 s. */
async function eventually(isThere: () => boolean | Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await isThere()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not within 10 s');
}

const waitOfLimitedApi = {
  kind: 'limit',
  integrationName: 'Limited API',
  configurationName: null,
  limits: { requestsPerMinute: 1, requestsPerSecond: null, concurrentRequests: null },
};

describe("a child run's step waiting for the rate limit", () => {
  it("is shown on the parent's Run runbook step, naming the child's step and runbook, until it ends", async () => {
    const target = await localApi();
    const backend = startBackend();
    const told: ApiEventMessage[] = [];
    backend.events.onDidEmit((message) => told.push(message));
    const { api, runbookId: childId } = await limitedPingRunbook(backend, {
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ requestsPerMinute: 1 }) },
    });
    const { id: parentId } = await api.call('runbooks.create', { details: { name: 'Nightly checks' } });
    await api.call('runbooks.update', {
      id: parentId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'sub', name: 'Check Acme', type: 'runRunbook', runbookId: childId },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'sub' },
          { from: 'sub', kind: 'success', to: 'done' },
        ],
        positions: { start: { x: 0, y: 0 }, sub: { x: 0, y: 120 }, done: { x: 0, y: 240 } },
      },
    });
    // The minute's one request.
    const first = await api.call('runs.start', { runbookId: childId, inputs: {} });
    expect((await waitForRun(backend, first.runId)).status).toBe('succeeded');

    const { runId } = await api.call('runs.start', { runbookId: parentId, inputs: {} });
    const parentWaits = () =>
      told.flatMap((message) =>
        message.name === 'runs.stepWaiting' && message.payload.runId === runId ? [message.payload] : [],
      );
    await eventually(() => parentWaits().length > 0);
    const inChild = { ...waitOfLimitedApi, inChild: { runbookName: 'Ping', stepName: 'Ping' } };
    expect(parentWaits()[0]).toEqual({ runId, runbookId: parentId, seq: 2, wait: inChild });
    const read = await api.call('runs.get', { id: runId });
    expect(read.steps.find((step) => step.stepId === 'sub')).toMatchObject({
      status: 'running',
      rateLimitWait: inChild,
    });

    await api.call('runs.cancel', { id: runId });
    const ended = await waitForRun(backend, runId);
    expect(ended.status).toBe('cancelled');
    expect(parentWaits().at(-1)?.wait).toBeNull();
    expect(ended.steps.find((step) => step.stepId === 'sub')?.rateLimitWait).toBeUndefined();
    expect(target.arrivals).toHaveLength(1);
  });
});

describe('a step waiting for the rate limit in another process on the data folder', () => {
  it('is shown here by runs.get and the run events, and goes when the wait ends', async () => {
    const target = await localApi();
    const dataDirectory = temporaryDirectory();
    const app = startBackend(dataDirectory);
    const serve = startBackend(dataDirectory);
    const heard: ApiEventMessage[] = [];
    serve.events.onDidEmit((message) => heard.push(message));
    const { api, runbookId } = await limitedPingRunbook(app, {
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ requestsPerMinute: 1 }) },
    });
    const first = await api.call('runs.start', { runbookId, inputs: {} });
    expect((await waitForRun(app, first.runId)).status).toBe('succeeded');

    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    const here = inProcessApi(serve);
    const pingHere = async () =>
      (await here.call('runs.get', { id: runId }).catch(() => undefined))?.steps.find(
        (step) => step.stepId === 'ping',
      );
    await eventually(async () => (await pingHere())?.rateLimitWait !== undefined);
    expect(await pingHere()).toMatchObject({ status: 'running', rateLimitWait: waitOfLimitedApi });
    // This process's windows are told it by the step's event, as they are told its other changes.
    await eventually(() =>
      heard.some(
        (message) =>
          message.name === 'runs.stepChanged' &&
          message.payload.runId === runId &&
          message.payload.step.status === 'running' &&
          message.payload.step.rateLimitWait?.kind === 'limit',
      ),
    );

    await api.call('runs.cancel', { id: runId });
    expect((await waitForRun(app, runId)).status).toBe('cancelled');
    await eventually(async () => (await here.call('runs.get', { id: runId })).status === 'cancelled');
    expect((await pingHere())?.rateLimitWait).toBeUndefined();
    expect(target.arrivals).toHaveLength(1);
  });
});
