/**
 * Rate limits held across the processes on one data folder without `--queue`: two backends on
 * one temp folder stand for the app and `serve` (each keeps its own process file), sending through
 * one limited integration to a local API that counts on its own clock the requests in flight and
 * those of each second. What the API saw is asserted, never how long anything took here.
 */
import { describe, expect, it } from 'vitest';
import type { RateLimits } from '../../../shared/domain/rateLimits';
import type { Backend } from '../backend';
import {
  answerAfter,
  limitedPingRunbook,
  limits,
  mostInAnySecond,
  useLimitedApis,
} from '../testSupport/limitedApi';
import { waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const localApi = useLimitedApis();
const countingApi = (holdMs: number) => localApi(answerAfter(holdMs));

/** Two backends on one folder, and a runbook calling the API once through an integration so limited. */
async function twoProcesses(url: string, rateLimits: RateLimits | undefined) {
  const dataDirectory = temporaryDirectory();
  const first = startBackend(dataDirectory);
  const { runbookId } = await limitedPingRunbook(
    first,
    rateLimits === undefined ? { baseUrl: url } : { baseUrl: url, behaviour: { rateLimits } },
  );
  const second = startBackend(dataDirectory);
  const startRuns = (backend: Backend, count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const { runId } = await inProcessApi(backend).call('runs.start', { runbookId, inputs: {} });
        return { backend, runId };
      }),
    );
  const statusesOf = (runs: { backend: Backend; runId: string }[]) =>
    Promise.all(runs.map(async ({ backend, runId }) => (await waitForRun(backend, runId, 120)).status));
  return { first, second, startRuns, statusesOf };
}

describe('rate limits on one data folder, without --queue', () => {
  it('keeps one request in flight at the API for two processes limited to 1 at once', async () => {
    const target = await countingApi(100);
    const { first, second, startRuns, statusesOf } = await twoProcesses(
      target.url,
      limits({ concurrentRequests: 1 }),
    );
    const runs = [...(await startRuns(first, 4)), ...(await startRuns(second, 4))];
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));
    expect(target.arrivals).toHaveLength(8);
    expect(target.state.maxInFlight).toBe(1);
  }, 120_000);

  it('sends no more than 5 in any second for two processes limited to 5 a second', async () => {
    const target = await countingApi(0);
    const { first, second, startRuns, statusesOf } = await twoProcesses(
      target.url,
      limits({ requestsPerSecond: 5 }),
    );
    const runs = [...(await startRuns(first, 10)), ...(await startRuns(second, 10))];
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));
    expect(target.arrivals).toHaveLength(20);
    expect(mostInAnySecond(target.arrivals)).toBeLessThanOrEqual(5);
  }, 120_000);

  it("holds another process's requests to an integration without limits while a 429's Retry-After lasts", async () => {
    // The first request is answered 429 with Retry-After: 2; every other one at once.
    const target = await localApi((_, index, response) => {
      if (index === 0) {
        response.writeHead(429, { 'retry-after': '2' });
        response.end('{}');
      } else response.end('{}');
    });
    const { first, second, startRuns, statusesOf } = await twoProcesses(target.url, undefined);
    const throttled = await startRuns(first, 1);
    await expect.poll(() => target.arrivals.length, { timeout: 10_000 }).toBeGreaterThan(0);
    // Long enough for the other process to read the pause written (once a second), well inside it.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const other = await startRuns(second, 1);
    expect(await statusesOf([...throttled, ...other])).toEqual(['succeeded', 'succeeded']);
    // On the API's own clock: nothing of either process arrived before the pause was over.
    const pauseEnd = (target.arrivals[0]?.at ?? 0) + 2_000;
    expect(target.arrivals.slice(1).every((arrival) => arrival.at >= pauseEnd - 50)).toBe(true);
  }, 120_000);
});
