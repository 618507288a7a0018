/**
 * A method variable named "__proto__" (a path `/items/{__proto__}`, a header `{{__proto__}}`: a
 * name a method may declare) is one like any other: the Execute method step keeps its value when
 * the draft is saved, the run sends it, a test case replays it and the runbook's file carries it.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../shared/runbook/steps/stepRegistry';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { waitForRun } from '../testSupport/runs';
import { oneStepDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** Every request the items API received, as `path header`. */
const received: string[] = [];
let itemsApi: LocalServer;
beforeAll(async () => {
  itemsApi = await listen(
    http.createServer((request, response) => {
      request.resume();
      received.push(`${request.url ?? ''} ${String(request.headers['x-item'])}`);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok": true}');
    }),
  );
});
afterAll(() => itemsApi.close());

/** The step's arguments written as a file or a window sends them: "__proto__" an own key. */
const protoArguments = () => JSON.parse('{"__proto__": "42", "other": "y"}') as Record<string, string>;

/** A backend with the method "Item" (GET /items/{__proto__}, header X-Item: {{__proto__}}) and a runbook using it. */
async function itemRunbook() {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Items', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: itemsApi.url },
  });
  const method = await api.call('methods.create', {
    integrationId,
    definition: {
      name: 'Item',
      httpMethod: 'GET',
      path: '/items/{__proto__}',
      headers: [{ key: 'X-Item', value: '{{__proto__}}-{{other}}', description: '', isEnabled: true }],
    },
  });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Proto item' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({
      id: 'get',
      name: 'Get item',
      type: 'method',
      methodId: method.id,
      arguments: protoArguments(),
    }),
  });
  return { backend, api, runbookId, method };
}

const argumentsOf = (draft: { steps: readonly Step[] }) => {
  const step = draft.steps.find((candidate) => candidate.id === 'get');
  return JSON.stringify(step?.type === 'method' ? step.arguments : null);
};

describe('a method variable named "__proto__"', () => {
  it('is kept by the Execute method step and sent by its run', async () => {
    const { backend, api, runbookId } = await itemRunbook();
    expect(argumentsOf((await api.call('runbooks.get', { id: runbookId })).draft)).toBe(
      '{"__proto__":"42","other":"y"}',
    );
    received.length = 0;
    const { runId } = await api.call('runs.start', { runbookId });
    const run = await waitForRun(backend, runId);
    expect([run.status, run.error]).toEqual(['succeeded', null]);
    expect(received).toEqual(['/items/42 42-y']);
    // Saved as a test case, it replays green.
    await api.call('testCases.saveFromRun', { runId });
    expect((await api.call('testCases.run', { runbookId })).map((result) => result.failures)).toEqual([[]]);
  });

  it('travels in the runbook file: imported, kept, run there, exported the same', async () => {
    const { api, runbookId } = await itemRunbook();
    const { content } = await api.call('runbooks.export', { id: runbookId });
    const teammateBackend = startBackend();
    const teammate = inProcessApi(teammateBackend);
    const { runbookId: importedId } = await teammate.call('runbooks.import', { content, mode: 'copy' });
    const imported = await teammate.call('runbooks.get', { id: importedId });
    expect(argumentsOf(imported.draft)).toBe('{"__proto__":"42","other":"y"}');
    expect((await teammate.call('runbooks.export', { id: importedId })).content).toBe(content);
    received.length = 0;
    const { runId } = await teammate.call('runs.start', { runbookId: importedId });
    expect((await waitForRun(teammateBackend, runId)).status).toBe('succeeded');
    expect(received).toEqual(['/items/42 42-y']);
  });

  it("is sent by a Test of the method (the method page, the step's Test step)", async () => {
    const { api, method } = await itemRunbook();
    received.length = 0;
    const result = await api.call('methods.test', {
      integrationId: method.integrationId,
      methodId: method.id,
      definition: method.definition,
      variables: JSON.parse('{"__proto__": "42", "other": "y"}') as Record<string, unknown>,
    });
    expect([result.error, result.response?.status]).toEqual([null, 200]);
    expect(received).toEqual(['/items/42 42-y']);
  });
});
