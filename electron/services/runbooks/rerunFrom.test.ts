/**
 * Re-run from a chosen step, and per-step timeouts, through the backend against python3-httpbin:
 * the steps before the chosen one are not sent again; their earlier outputs feed the later ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput } from '../../../shared/api/contract';
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
  const method = async (definition: CallInput<'methods.create'>['definition']) =>
    (await inProcessApi(backend).call('methods.create', { integrationId, definition })).id;
  const uuid = await method({
    name: 'New id',
    httpMethod: 'GET',
    path: '/uuid',
    outputs: [{ name: 'id', expression: 'response^uuid!' }],
  });
  const echo = await method({
    name: 'Echo',
    httpMethod: 'POST',
    path: '/anything',
    body: { kind: 'json', text: '{"id": "{{id}}", "who": "{{who}}"}' },
    outputs: [
      { name: 'id', expression: 'response^json^id!' },
      { name: 'who', expression: 'response^json^who!' },
    ],
  });
  const slow = await method({ name: 'Slow', httpMethod: 'GET', path: '/delay/{seconds}' });
  const { id: runbookId } = await inProcessApi(backend).call('runbooks.create', {
    details: { name: 'Two requests' },
  });
  return { backend, runbookId, uuid, echo, slow };
}

describe('re-run from a step', () => {
  it('reuses the outputs and variables of the steps before it and sends only the rest again', async () => {
    const { backend, runbookId, uuid, echo } = await setUp();
    await backend.dispatch('runbooks.update', {
      id: runbookId,
      draft: {
        inputs: [{ name: 'who', type: 'string', isRequired: true }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'first', name: 'New id', type: 'method', methodId: uuid },
          {
            id: 'remember',
            name: 'Remember',
            type: 'setVariables',
            assignments: [{ name: 'greeting', value: 'hi {{inputs.who}}' }],
          },
          {
            id: 'second',
            name: 'Echo',
            type: 'method',
            methodId: echo,
            arguments: { id: '{{steps.first.outputs.id}}', who: '{{vars.greeting}}' },
          },
          {
            id: 'check',
            name: 'Same id?',
            type: 'condition',
            rules: [
              {
                left: '{{steps.second.outputs.id}}',
                operator: 'equals',
                right: '{{steps.first.outputs.id}}',
              },
            ],
          },
          { id: 'done', name: 'Done', type: 'end' },
          { id: 'wrong', name: 'Wrong', type: 'end', outcome: 'failed' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'first' },
          { from: 'first', kind: 'success', to: 'remember' },
          { from: 'remember', kind: 'next', to: 'second' },
          { from: 'second', kind: 'success', to: 'check' },
          { from: 'check', kind: 'true', to: 'done' },
          { from: 'check', kind: 'false', to: 'wrong' },
        ],
      },
    });
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId, inputs: { who: 'Ada' } });
    const first = await waitForRun(backend, runId);
    expect(first.status).toBe('succeeded');
    const earlierId = first.steps.find((step) => step.stepId === 'first')?.outputs.id;
    expect(earlierId).toMatch(/^[0-9a-f-]{36}$/);

    const again = await inProcessApi(backend).call('runs.rerunFrom', { id: runId, stepId: 'second' });
    const resumed = await waitForRun(backend, again.runId);
    expect(resumed).toMatchObject({
      status: 'succeeded',
      trigger: 'rerun',
      inputs: { who: 'Ada' },
      rerunOf: runId,
      resumedFromStep: 'second',
    });
    expect(resumed.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['start', 'skipped'],
      ['first', 'skipped'],
      ['remember', 'skipped'],
      ['second', 'succeeded'],
      ['check', 'succeeded'],
      ['done', 'succeeded'],
    ]);
    // /uuid was not called again: the echoed id is the earlier run's.
    expect(resumed.steps.find((step) => step.stepId === 'second')?.outputs).toMatchObject({
      id: earlierId,
      who: 'hi Ada',
    });

    // A re-run of the re-run, from the condition, still has every earlier output.
    const third = await inProcessApi(backend).call('runs.rerunFrom', { id: again.runId, stepId: 'check' });
    expect((await waitForRun(backend, third.runId)).status).toBe('succeeded');
  });

  it('refuses a step that did not run, and one inside a For each body', async () => {
    const { backend, runbookId, echo } = await setUp();
    await backend.dispatch('runbooks.update', {
      id: runbookId,
      draft: {
        inputs: [{ name: 'list', type: 'json', defaultValue: '["a","b"]' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'loop', name: 'Each', type: 'forEach', items: '{{inputs.list}}' },
          {
            id: 'body',
            name: 'Echo',
            type: 'method',
            methodId: echo,
            arguments: { id: '{{item}}', who: 'x' },
          },
          { id: 'done', name: 'Done', type: 'end' },
          { id: 'never', name: 'Never', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'loop' },
          { from: 'loop', kind: 'body', to: 'body' },
          { from: 'body', kind: 'success', to: 'loop' },
          { from: 'body', kind: 'failure', to: 'never' },
          { from: 'loop', kind: 'done', to: 'done' },
        ],
      },
    });
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
    const looped = await waitForRun(backend, runId);
    expect(looped, JSON.stringify(looped.steps.map((step) => [step.stepId, step.error]))).toMatchObject({
      status: 'succeeded',
    });
    await expect(backend.dispatch('runs.rerunFrom', { id: runId, stepId: 'never' })).rejects.toMatchObject({
      message: '"Never" did not run in that run.',
    });
    await expect(backend.dispatch('runs.rerunFrom', { id: runId, stepId: 'body' })).rejects.toMatchObject({
      message: '"Echo" runs inside a For each; re-run from the For each step instead.',
    });
    const fromLoop = await inProcessApi(backend).call('runs.rerunFrom', { id: runId, stepId: 'loop' });
    const run = await waitForRun(backend, fromLoop.runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps.filter((step) => step.stepId === 'body')).toHaveLength(2);
  });
});

describe('per-step timeout', () => {
  it('fails a step that takes longer than its timeout and follows its failure edge', async () => {
    const { backend, runbookId, slow } = await setUp();
    await backend.dispatch('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          {
            id: 'slow',
            name: 'Slow',
            type: 'method',
            methodId: slow,
            arguments: { seconds: '5' },
            timeoutSeconds: 1,
          },
          { id: 'done', name: 'Done', type: 'end' },
          { id: 'late', name: 'Too late', type: 'end', outcome: 'failed', message: 'gave up' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'slow' },
          { from: 'slow', kind: 'success', to: 'done' },
          { from: 'slow', kind: 'failure', to: 'late' },
        ],
      },
    });
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
    const run = await waitForRun(backend, runId);
    // Along the failure exit: the 5 s delay was cut at its 1 s timeout (it would have succeeded).
    expect(run).toMatchObject({ status: 'failed', error: 'gave up' });
    expect(run.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['slow', 'failed'],
      ['late', 'failed'],
    ]);
    expect(run.steps[1]?.error).toBe('"Slow" did not finish within its 1 s timeout.');
  });
});
