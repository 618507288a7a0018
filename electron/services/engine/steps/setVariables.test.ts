/**
 * Set variables in a run, on the real backend (SQLite in a temp folder): any valid variable name
 * is kept, __proto__ and constructor included, for the steps after it and for a re-run from
 * a later step (which reads it back from the step's record).
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../../testSupport/runs';
import { startBackend } from '../../testSupport/temporaryBackend';
import { inProcessApi } from '../../testSupport/typedApi';

describe('a Set variables step', () => {
  it('keeps a variable named __proto__ or constructor for the steps after it and for a re-run', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id } = await api.call('runbooks.create', { details: { name: 'Odd names' } });
    await api.call('runbooks.update', {
      id,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          {
            id: 'set',
            name: 'Set',
            type: 'setVariables',
            assignments: [
              { name: '__proto__', value: 'first' },
              { name: 'constructor', value: 'second' },
            ],
          },
          { id: 'done', name: 'Done', type: 'end', message: '{{vars.__proto__}} {{vars.constructor}}' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'set' },
          { from: 'set', kind: 'next', to: 'done' },
        ],
      },
    });
    expect((await api.call('runbooks.validate', { id })).issues).toEqual([]);

    const { runId } = await api.call('runs.start', { runbookId: id });
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'first second' });

    const again = await api.call('runs.rerunFrom', { id: runId, stepId: 'done' });
    expect(await waitForRun(backend, again.runId)).toMatchObject({
      status: 'succeeded',
      message: 'first second',
    });
  });
});
