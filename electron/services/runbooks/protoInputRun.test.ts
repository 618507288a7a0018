/**
 * A runbook input named "__proto__" (a valid name: letters, digits and _) is an input like any
 * other from runs.start to the run, its record and a test case, never the prototype of the inputs object.
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { inputEchoDraft } from '../testSupport/drafts';
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
