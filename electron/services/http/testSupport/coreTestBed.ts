/**
 * Test support: the real HTTP core on a real transport against a server of the test's own on
 * 127.0.0.1, as the …ThroughHttpCore tests use them. The server starts before the file's tests
 * and stops after them, with the transport; every call the core records is kept in `calls`.
 */
import http from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import type { ApiCallRecord } from '../../db/repositories/apiCallRepository';
import { createHttpCore, type HttpCore, type HttpCoreDependencies, type SendInput } from '../httpCore';
import { createHttpTransport } from '../httpTransport';
import { startHttpbin, type Httpbin } from './httpbin';
import { listen, type LocalServer } from './localServers';

/** How a test bed's server starts and stops; `timeoutMs` bounds the start. */
export interface ServerLife<S> {
  start(): Promise<S>;
  stop(server: S): Promise<void>;
  timeoutMs?: number;
}

/** A server on 127.0.0.1 answering every request with `handler`. */
export const localServer = (handler: http.RequestListener): ServerLife<LocalServer> => ({
  start: () => listen(http.createServer(handler)),
  stop: (server) => server.close(),
});

/** python3-httpbin (testSupport/httpbin.ts), which takes a few seconds to start on a busy machine. */
export const httpbinServer: ServerLife<Httpbin> = {
  start: startHttpbin,
  stop: (server) => server.stop(),
  timeoutMs: 30_000,
};

export interface CoreTestBed<S> {
  core: HttpCore;
  calls: ApiCallRecord[];
  /** The server, once the file's tests run. */
  server(): S;
}

/** Starts `life`'s server before the file's tests and an HTTP core that records into `calls`. */
export function coreTestBed<S>(
  life: ServerLife<S>,
  options: Pick<HttpCoreDependencies, 'random' | 'sleep'> = {},
): CoreTestBed<S> {
  const calls: ApiCallRecord[] = [];
  const transport = createHttpTransport();
  const core = createHttpCore({
    transport,
    recordCall: (call) => calls.push(call),
    openBrowser: () => Promise.resolve(),
    ...options,
  });
  let started: S | undefined;
  beforeAll(async () => {
    started = await life.start();
  }, life.timeoutMs);
  afterAll(async () => {
    transport.dispose();
    if (started !== undefined) await life.stop(started);
  });
  const server = () => {
    if (started === undefined) throw new Error('the test server has not started');
    return started;
  };
  return { core, calls, server };
}

/** What core.send takes for one method of one integration (ids i1 and m1), read through their schemas. */
export function sendInput(
  integration: Record<string, unknown>,
  method: Record<string, unknown>,
  rest: Partial<Pick<SendInput, 'configuration' | 'variables'>> = {},
): SendInput {
  return {
    integrationId: 'i1',
    methodId: 'm1',
    integration: integrationDefinitionSchema.parse(integration),
    method: methodDefinitionSchema.parse(method),
    configuration: rest.configuration ?? null,
    variables: rest.variables ?? {},
  };
}
