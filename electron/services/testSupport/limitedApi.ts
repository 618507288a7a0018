/**
 * Rate-limit tests' set-up: a local API that timestamps every request on its own clock and counts
 * those in flight (what is asserted is what it saw, never how long anything took here), and an
 * integration so limited with one GET method and a runbook calling it once.
 */
import http from 'node:http';
import { afterEach } from 'vitest';
import type { RateLimits } from '../../../shared/domain/rateLimits';
import type { Backend } from '../backend';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { oneStepDraft } from './drafts';
import { inProcessApi } from './typedApi';

export interface Arrival {
  at: number;
  path: string;
}

export type Answer = (arrival: Arrival, index: number, response: http.ServerResponse) => void;

/** Registers the clean-up of the file's APIs; returns what starts one, answering as `answer` says. */
export function useLimitedApis() {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return async function localApi(answer: Answer = (_, __, response) => response.end('{}')) {
    const arrivals: Arrival[] = [];
    const state = { inFlight: 0, maxInFlight: 0, maxInFlightByPath: new Map<string, number>() };
    const inFlightByPath = new Map<string, number>();
    const server = http.createServer((request, response) => {
      const arrival = { at: performance.now(), path: request.url ?? '' };
      const prefix = arrival.path.split('/')[1] ?? '';
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      inFlightByPath.set(prefix, (inFlightByPath.get(prefix) ?? 0) + 1);
      state.maxInFlightByPath.set(
        prefix,
        Math.max(state.maxInFlightByPath.get(prefix) ?? 0, inFlightByPath.get(prefix) ?? 0),
      );
      response.on('close', () => {
        state.inFlight -= 1;
        inFlightByPath.set(prefix, (inFlightByPath.get(prefix) ?? 1) - 1);
      });
      arrivals.push(arrival);
      response.setHeader('content-type', 'application/json');
      answer(arrival, arrivals.length - 1, response);
    });
    const local = await listen(server);
    servers.push(local);
    return { url: local.url, arrivals, state };
  };
}

/** The API answering each request after `holdMs`. */
export const answerAfter =
  (holdMs: number): Answer =>
  (_, __, response) =>
    setTimeout(() => response.end('{}'), holdMs);

/** The most requests the API saw within any one second (every window starting at a request). */
export function mostInAnySecond(arrivals: readonly Arrival[]): number {
  const times = arrivals.map((arrival) => arrival.at).sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; start < times.length; start += 1) {
    while (end < times.length && (times[end] ?? 0) < (times[start] ?? 0) + 1000) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

export const limits = (set: Partial<RateLimits>): RateLimits => ({
  requestsPerSecond: null,
  requestsPerMinute: null,
  concurrentRequests: null,
  ...set,
});

/** An integration with the given definition, one GET method on it and a runbook that calls it once. */
export async function limitedPingRunbook(backend: Backend, definition: Record<string, unknown>) {
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Limited API', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', { id: integrationId, definition: definition as never });
  const methodDefinition = { name: 'Ping', httpMethod: 'GET' as const, path: '/ping' };
  const method = await api.call('methods.create', { integrationId, definition: methodDefinition });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ping' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'ping', name: 'Ping', type: 'method', methodId: method.id }),
  });
  return { api, integrationId, method, methodDefinition, runbookId };
}
