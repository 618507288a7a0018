/**
 * Test support: an engine over real HTTP to a local API that remembers every request it got
 * (method and path), with the capabilities a rehearsal needs (send, and work out without
 * sending) made from the real HTTP core, as the backend's method service makes them.
 */
import http from 'node:http';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema, type MethodDefinition } from '../../../../shared/domain/method';
import { safeHttpMethods } from '../../../../shared/rehearsal/rehearsal';
import { runbookGraphSchema } from '../../../../shared/runbook/runbookGraph';
import { createHttpCore, type SendInput } from '../../http/httpCore';
import { createHttpTransport } from '../../http/httpTransport';
import { listen, type LocalServer } from '../../http/testSupport/localServers';
import { createEngine, type Engine } from '../engine';
import { collectingHooks, type CollectingHooks } from './collectingHooks';

/** Methods by id: a safe lookup, a ticket that changes things, a failing call. */
export const rehearsalMethods: Record<string, MethodDefinition> = {
  lookup: methodDefinitionSchema.parse({
    name: 'Lookup',
    httpMethod: 'GET',
    path: '/users/{{who}}',
    outputs: [{ name: 'email', expression: '$.email' }],
  }),
  openTicket: methodDefinitionSchema.parse({
    name: 'Open ticket',
    httpMethod: 'POST',
    path: '/tickets',
    body: { kind: 'json', text: '{"title": "{{title}}"}' },
    outputs: [{ name: 'ticketId', expression: '$.id' }],
    exampleResponse: { status: 201, body: '{"id": "T-example"}' },
  }),
  search: methodDefinitionSchema.parse({
    name: 'Search',
    httpMethod: 'POST',
    path: '/search',
    isDryRunSafe: true,
    outputs: [{ name: 'hits', expression: '$.hits' }],
  }),
  closeTicket: methodDefinitionSchema.parse({ name: 'Close', httpMethod: 'DELETE', path: '/tickets/{{id}}' }),
};

export interface RehearsalHost {
  api: LocalServer;
  /** `METHOD /path` of every request the API received, in order. */
  received: string[];
  engine(children?: Record<string, unknown>): { engine: Engine; runs: CollectingHooks };
  close(): Promise<void>;
}

export async function startRehearsalHost(): Promise<RehearsalHost> {
  const received: string[] = [];
  const api = await listen(
    http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(`${request.method ?? ''} ${request.url ?? ''}`);
        const isFailure = request.url?.startsWith('/tickets/broken') === true;
        response.writeHead(isFailure ? 500 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'T-live', email: 'live@example.com', hits: 3 }));
      });
    }),
  );
  const transport = createHttpTransport();
  const core = createHttpCore({
    transport,
    recordCall: () => undefined,
    openBrowser: () => Promise.resolve(),
  });
  const integration = integrationDefinitionSchema.parse({
    baseUrl: api.url,
    behaviour: { retry: { isEnabled: false } },
  });
  const sendInput = (methodId: string, variables: Record<string, unknown>): SendInput => ({
    integrationId: 'i1',
    methodId,
    integration,
    method:
      rehearsalMethods[methodId] ?? methodDefinitionSchema.parse({ name: 'Missing', httpMethod: 'GET' }),
    configuration: null,
    variables,
  });
  return {
    api,
    received,
    engine: (children = {}) => {
      const runs = collectingHooks();
      const engine = createEngine({
        hooks: runs.hooks,
        capabilities: {
          sendMethod: ({ methodId, variables, signal }) =>
            core.send({ ...sendInput(methodId, variables), signal }),
          rehearseMethod: async ({ methodId, variables, authorize }) => {
            const input = sendInput(methodId, variables);
            const { request, error } = await core.preview(input, { authorize });
            return {
              isSafe: safeHttpMethods.has(input.method.httpMethod) || input.method.isDryRunSafe === true,
              request,
              error,
              example: input.method.exampleResponse ?? null,
              answer: (response, answerError) => ({
                request,
                response,
                outputs: response === null ? [] : core.answer(input, response),
                durationMs: 0,
                attempts: 0,
                error: answerError,
              }),
            };
          },
          loadRunbook: (id) =>
            children[id] === undefined
              ? undefined
              : { graph: runbookGraphSchema.parse(children[id]), versionId: null, name: id, problem: null },
          sleep: () => Promise.resolve(),
        },
      });
      return { engine, runs };
    },
    close: async () => {
      transport.dispose();
      await api.close();
    },
  };
}
