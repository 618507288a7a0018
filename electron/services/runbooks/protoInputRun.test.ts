/**
 * A runbook input named "__proto__" (a valid name: letters, digits and _) is an input like any
 * other from runs.start to the run, its record and a test case, never the prototype of the inputs object.
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { inputEchoDraft, oneStepDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

describe('an input named "__proto__"', () => {
  it('is given by runs.start to the run, its steps, its record and a test case saved from it', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Proto run' } });
    await api.call('runbooks.update', {
      id: runbookId,
      draft: inputEchoDraft('__proto__', 'got', { isRequired: true }),
    });
    const inputs = JSON.parse('{"__proto__": "hello"}') as Record<string, unknown>;
    const { runId } = await api.call('runs.start', { runbookId, inputs });
    await waitForRun(backend, runId);
    const run = await api.call('runs.get', { id: runId });
    expect([run.status, run.error]).toEqual(['succeeded', null]);
    expect(JSON.stringify(run.inputs)).toBe('{"__proto__":"hello"}');
    expect(run.steps.find((step) => step.stepId === 'set')?.outputs).toEqual({ got: 'hello' });
    const saved = await api.call('testCases.saveFromRun', { runId });
    expect(JSON.stringify(saved.inputs)).toBe('{"__proto__":"hello"}');
  });
});

describe('a Run runbook step passing an input named "__proto__"', () => {
  /** A child echoing its required input "__proto__", and a parent whose Run runbook step gives it `inputs`. */
  async function parentAndChild(inputs: Record<string, string>) {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id: childId } = await api.call('runbooks.create', { details: { name: 'Proto child' } });
    await api.call('runbooks.update', {
      id: childId,
      draft: inputEchoDraft('__proto__', 'got', { isRequired: true }),
    });
    const { id: parentId } = await api.call('runbooks.create', { details: { name: 'Proto parent' } });
    await api.call('runbooks.update', {
      id: parentId,
      draft: oneStepDraft({ id: 'child', name: 'Child', type: 'runRunbook', runbookId: childId, inputs }),
    });
    return { backend, api, parentId };
  }

  it('keeps it in the step and gives it to the child run as its own input', async () => {
    const { backend, api, parentId } = await parentAndChild(
      JSON.parse('{"__proto__": "hello", "other": "y"}') as Record<string, string>,
    );
    const saved = (await api.call('runbooks.get', { id: parentId })).draft.steps.find(
      (step) => step.id === 'child',
    );
    expect(JSON.stringify(saved?.type === 'runRunbook' ? saved.inputs : null)).toBe(
      '{"__proto__":"hello","other":"y"}',
    );
    const { runId } = await api.call('runs.start', { runbookId: parentId });
    const run = await waitForRun(backend, runId);
    expect([run.status, run.error]).toEqual(['succeeded', null]);
    const childRunId = (run.steps.find((step) => step.stepId === 'child')?.response as { childRunId: string })
      .childRunId;
    const child = await api.call('runs.get', { id: childRunId });
    expect(JSON.stringify(child.inputs)).toBe('{"__proto__":"hello"}');
    expect(Object.getPrototypeOf(child.inputs)).toBe(Object.prototype);
    expect(child.steps.find((step) => step.stepId === 'set')?.outputs).toEqual({ got: 'hello' });
  });

  it('left without a value, is a problem of the step when the child requires it', async () => {
    const { api, parentId } = await parentAndChild({});
    await expect(api.call('runs.start', { runbookId: parentId })).rejects.toThrow(
      '"Child": give "__proto__" a value; the runbook it runs requires it.',
    );
  });
});

describe('a runbook file whose Run runbook step passes an input named "__proto__"', () => {
  it('imports, keeps the value in the step, runs there and exports the same bytes', async () => {
    const author = inProcessApi(startBackend());
    const { id: childId } = await author.call('runbooks.create', { details: { name: 'Proto child' } });
    await author.call('runbooks.update', {
      id: childId,
      draft: inputEchoDraft('__proto__', 'got', { isRequired: true }),
    });
    const { id: parentId } = await author.call('runbooks.create', { details: { name: 'Proto parent' } });
    const inputs = JSON.parse('{"__proto__": "hello"}') as Record<string, string>;
    await author.call('runbooks.update', {
      id: parentId,
      draft: oneStepDraft({ id: 'child', name: 'Child', type: 'runRunbook', runbookId: childId, inputs }),
    });
    const { content } = await author.call('runbooks.export', { id: parentId });

    const teammateBackend = startBackend();
    const teammate = inProcessApi(teammateBackend);
    const { runbookId } = await teammate.call('runbooks.import', { content, mode: 'copy' });
    const step = (await teammate.call('runbooks.get', { id: runbookId })).draft.steps.find(
      (candidate) => candidate.id === 'child',
    );
    expect(JSON.stringify(step?.type === 'runRunbook' ? step.inputs : null)).toBe('{"__proto__":"hello"}');
    expect((await teammate.call('runbooks.export', { id: runbookId })).content).toBe(content);
    const { runId } = await teammate.call('runs.start', { runbookId });
    expect((await waitForRun(teammateBackend, runId)).status).toBe('succeeded');
    // Anywhere else in a runbook's definition the key is still refused.
    await expect(
      teammate.call('runbooks.previewImport', {
        content: content.replace('"tags": []', '"tags": [], "__proto__": {"isAdmin": true}'),
        mode: 'copy',
      }),
    ).rejects.toThrow(/contains the key "__proto__"/);
  });
});
