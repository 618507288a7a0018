/**
 * Condition in a run, on the real backend (SQLite in a temp folder): a "matches" rule whose
 * regular expression backtracks without end fails the step with a message instead of holding
 * the backend.
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../../testSupport/runs';
import { startBackend } from '../../testSupport/temporaryBackend';
import { inProcessApi } from '../../testSupport/typedApi';

/** Start → Check ({{inputs.text}} matches `pattern`) → Yes or No. */
async function conditionRunbook(pattern: string) {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id } = await api.call('runbooks.create', { details: { name: 'Check text' } });
  await api.call('runbooks.update', {
    id,
    draft: {
      inputs: [{ name: 'text', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'check',
          name: 'Check',
          type: 'condition',
          rules: [{ left: '{{inputs.text}}', operator: 'matches', right: pattern }],
        },
        { id: 'yes', name: 'Yes', type: 'end', message: 'matched' },
        { id: 'no', name: 'No', type: 'end', message: 'no match' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'check' },
        { from: 'check', kind: 'true', to: 'yes' },
        { from: 'check', kind: 'false', to: 'no' },
      ],
    },
  });
  return { backend, api, id };
}

describe('a Condition matching a regular expression', () => {
  it('fails, naming the pattern, when it backtracks without end, and the backend goes on', async () => {
    const { backend, api, id } = await conditionRunbook('(a+)+$');
    const { runId } = await api.call('runs.start', { runbookId: id, inputs: { text: `${'a'.repeat(50)}!` } });
    const run = await waitForRun(backend, runId, 30);
    expect(run).toMatchObject({
      status: 'failed',
      error:
        '"Check" failed: The regular expression "(a+)+$" did not finish within 1 s on a text of 51 characters: it backtracks too much (nested repeats such as (a+)+); simplify it.',
    });
    expect(run.steps.find((step) => step.stepId === 'check')?.status).toBe('failed');
    // The same pattern on a text it matches quickly still goes its way.
    const quick = await api.call('runs.start', { runbookId: id, inputs: { text: 'aaa' } });
    expect(await waitForRun(backend, quick.runId)).toMatchObject({ status: 'succeeded', message: 'matched' });
  });
});
