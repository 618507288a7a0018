/** Runbooks and manual runs through the contract, sending real requests to python3-httpbin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../http/testSupport/httpbin';
import { startBackend } from '../testSupport/temporaryBackend';
import { waitForRun } from '../testSupport/runs';
import { inProcessApi } from '../testSupport/typedApi';

let httpbin: Httpbin;
beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);
afterAll(async () => {
  await httpbin.stop();
});

async function setUp() {
  const backend = startBackend();
  const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'httpbin', category: 'Other' },
  });
  await backend.dispatch('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: httpbin.url },
  });
  const { id: methodId } = await inProcessApi(backend).call('methods.create', {
    integrationId,
    definition: {
      name: 'Echo',
      httpMethod: 'POST',
      path: '/anything',
      body: { kind: 'json', text: '{"prompt": "{{prompt}}"}' },
      outputs: [{ name: 'echoed', expression: 'response^json^prompt!' }],
    },
  });
  const runbook = await inProcessApi(backend).call('runbooks.create', {
    details: { name: 'Summarise ticket', tags: ['ai'] },
  });
  return { backend, integrationId, methodId, runbookId: runbook.id };
}

const draftFor = (methodId: string) => ({
  inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'ask', name: 'Ask', type: 'method', methodId, arguments: { prompt: 'About {{inputs.ticket}}' } },
    { id: 'done', name: 'Done', type: 'end', message: '{{steps.ask.outputs.echoed}}' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'ask' },
    { from: 'ask', kind: 'success', to: 'done' },
  ],
});

describe('runbooks', () => {
  it('starts with a Start step, saves a draft, and finds it by tag', async () => {
    const { backend, methodId, runbookId } = await setUp();
    const created = await inProcessApi(backend).call('runbooks.get', { id: runbookId });
    expect(created.draft.steps).toEqual([{ id: 'start', name: 'Start', type: 'start' }]);
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftFor(methodId) });
    const listed = await inProcessApi(backend).call('runbooks.list', { search: 'ai' });
    expect(listed.items.map((item) => item.name)).toEqual(['Summarise ticket']);
  });

  it('runs a draft by hand against httpbin and records every step', async () => {
    const { backend, methodId, runbookId } = await setUp();
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftFor(methodId) });
    const { runId } = await inProcessApi(backend).call('runs.start', {
      runbookId,
      inputs: { ticket: 'T-9' },
    });
    const run = await waitForRun(backend, runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((step) => step.stepId)).toEqual(['start', 'ask', 'done']);
    expect(run.steps[1]?.outputs).toMatchObject({ echoed: 'About T-9', status: 200 });
    const listed = await inProcessApi(backend).call('runs.list', { runbookId });
    expect(listed.map((item) => item.id)).toEqual([runId]);
  });

  it('runs again with the inputs of an earlier run, recorded as a re-run', async () => {
    const { backend, methodId, runbookId } = await setUp();
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftFor(methodId) });
    const { runId } = await inProcessApi(backend).call('runs.start', {
      runbookId,
      inputs: { ticket: 'T-7' },
    });
    await waitForRun(backend, runId);
    const again = await inProcessApi(backend).call('runs.rerun', { id: runId });
    const run = await waitForRun(backend, again.runId);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'rerun', inputs: { ticket: 'T-7' } });
    expect(run.steps[1]?.outputs).toMatchObject({ echoed: 'About T-7' });
  });

  it('records the inputs the steps saw: defaults filled in and text turned into numbers', async () => {
    const { backend, runbookId } = await setUp();
    await backend.dispatch('runbooks.update', {
      id: runbookId,
      draft: {
        inputs: [
          { name: 'ticket', type: 'string', isRequired: false, defaultValue: 'T-default' },
          { name: 'count', type: 'number', isRequired: true },
        ],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      },
    });
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId, inputs: { count: '3' } });
    expect(await waitForRun(backend, runId)).toMatchObject({
      status: 'succeeded',
      inputs: { ticket: 'T-default', count: 3 },
    });
  });

  it('refuses inputs nested 5,000 deep, naming the input, and starts no run', async () => {
    const { backend, methodId, runbookId } = await setUp();
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftFor(methodId) });
    let deep: unknown = 'T-1';
    for (let level = 0; level < 5_000; level += 1) deep = [deep];
    await expect(
      backend.dispatch('runs.start', { runbookId, inputs: { ticket: 'T-1', extra: deep } }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'inputs.extra' });
    expect(await backend.dispatch('runs.list', { runbookId })).toEqual([]);
  });

  it('refuses to run a draft with problems, saying the first one', async () => {
    const { backend, runbookId } = await setUp();
    await expect(backend.dispatch('runs.start', { runbookId })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The runbook cannot run yet: "Start" needs a "next" edge.',
    });
    const { issues } = await inProcessApi(backend).call('runbooks.validate', {
      id: runbookId,
    });
    expect(issues).toEqual([{ stepId: 'start', message: '"Start" needs a "next" edge.' }]);
  });

  it('checks the draft again when a method it uses changes between two runs', async () => {
    const { backend, methodId, runbookId } = await setUp();
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftFor(methodId) });
    const first = await inProcessApi(backend).call('runs.start', { runbookId, inputs: { ticket: 'T-1' } });
    expect((await waitForRun(backend, first.runId)).status).toBe('succeeded');
    await backend.dispatch('methods.update', {
      id: methodId,
      definition: {
        name: 'Echo',
        httpMethod: 'POST',
        path: '/anything',
        body: { kind: 'json', text: '{"prompt": "{{prompt}}"}' },
        outputs: [{ name: 'answer', expression: 'response^json^prompt!' }],
      },
    });
    await expect(
      backend.dispatch('runs.start', { runbookId, inputs: { ticket: 'T-2' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('echoed') as unknown,
    });
  });

  it('runs with a named configuration for one run only, leaving the draft as it was', async () => {
    const { backend, integrationId, runbookId } = await setUp();
    await backend.dispatch('integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrl: '', baseUrlMode: 'per_configuration' },
    });
    for (const name of ['Production', 'Staging'])
      await backend.dispatch('configurations.create', {
        integrationId,
        name,
        baseUrl: `${httpbin.url}/anything/${name.toLowerCase()}`,
      });
    const { id: whereMethod } = await inProcessApi(backend).call('methods.create', {
      integrationId,
      definition: {
        name: 'Where',
        httpMethod: 'GET',
        path: '/ping',
        outputs: [{ name: 'url', expression: 'response^url!' }],
      },
    });
    const draft = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'where', name: 'Where', type: 'method', methodId: whereMethod, arguments: {} },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'where' },
        { from: 'where', kind: 'success', to: 'done' },
      ],
    };
    await backend.dispatch('runbooks.update', { id: runbookId, draft });
    const urlOf = async (input: Record<string, unknown>) => {
      const { runId } = await inProcessApi(backend).call('runs.start', { runbookId, ...input });
      const run = await waitForRun(backend, runId);
      return String(run.steps[1]?.outputs.url);
    };
    expect(await urlOf({ configuration: 'staging' })).toContain('/anything/staging/ping');
    expect(await urlOf({})).toContain('/anything/production/ping');
    const saved = await inProcessApi(backend).call('runbooks.get', { id: runbookId });
    expect(saved.draft.steps[1]).toMatchObject({ configuration: { mode: 'primary' } });
    await expect(backend.dispatch('runs.start', { runbookId, configuration: 'Nope' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'No integration of this runbook has a configuration named "Nope".',
    });
  });

  it('refuses to start a sub-runbook that cannot run, saying why, before it starts', async () => {
    const { backend, runbookId } = await setUp();
    const { id: childId } = await inProcessApi(backend).call('runbooks.create', {
      details: { name: 'Unfinished child' },
    });
    await backend.dispatch('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'child', name: 'Child', type: 'runRunbook', runbookId: childId, inputs: {} },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'child' },
          { from: 'child', kind: 'success', to: 'done' },
        ],
      },
    });
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
    const run = await waitForRun(backend, runId);
    expect(run.status).toBe('failed');
    expect(run.steps.find((step) => step.stepId === 'child')?.error).toBe(
      '"Unfinished child" cannot run: "Start" needs a "next" edge.',
    );
    expect(await backend.dispatch('runs.list', { runbookId: childId })).toEqual([]);
  });

  it('names the runbooks that use an integration before it is deleted', async () => {
    const { backend, integrationId, methodId, runbookId } = await setUp();
    await backend.dispatch('runbooks.update', { id: runbookId, draft: draftFor(methodId) });
    const impact = await inProcessApi(backend).call('integrations.deletionImpact', {
      id: integrationId,
    });
    expect(impact.runbooks).toEqual([{ id: runbookId, name: 'Summarise ticket' }]);
  });
});
