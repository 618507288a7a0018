/**
 * Delay on the real backend (SQLite in a temp folder): a field left empty, or a value that is no
 * number of seconds, is said so instead of going on at once as if it were 0.
 */
import { describe, expect, it } from 'vitest';
import { oneStepDraft } from '../../testSupport/drafts';
import { waitForRun } from '../../testSupport/runs';
import { startBackend } from '../../testSupport/temporaryBackend';
import { inProcessApi } from '../../testSupport/typedApi';

async function delayRunbook(seconds: string) {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id } = await api.call('runbooks.create', { details: { name: 'Wait a bit' } });
  await api.call('runbooks.update', {
    id,
    draft: {
      ...oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds }),
      inputs: [{ name: 'seconds', type: 'json', isRequired: false }],
    },
  });
  return { backend, api, id };
}

describe('a Delay', () => {
  it('left empty is a problem of the step, and a run is refused', async () => {
    const { backend, api, id } = await delayRunbook('');
    const problem = '"Wait": give the seconds to wait (0 to 86400).';
    expect((await api.call('runbooks.validate', { id })).issues).toEqual([
      { stepId: 'wait', message: problem },
    ]);
    await expect(
      backend.dispatch('runs.start', { runbookId: id, inputs: { seconds: 0 } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: `The runbook cannot run yet: ${problem}`,
    });
  });

  it.each([
    ['null', 'null'],
    ['true', 'true'],
    ['[5]', '[5]'],
  ])('given %s, fails the run naming it instead of not waiting', async (given, shown) => {
    const { backend, api, id } = await delayRunbook('{{inputs.seconds}}');
    const { runId } = await api.call('runs.start', { runbookId: id, inputs: { seconds: JSON.parse(given) } });
    expect(await waitForRun(backend, runId)).toMatchObject({
      status: 'failed',
      error: `"Wait" failed: The delay must be 0 to 86400 seconds, not ${shown}.`,
    });
  });

  it('given 0 as a number or as text, goes on at once', async () => {
    const { backend, api, id } = await delayRunbook('{{inputs.seconds}}');
    for (const seconds of [0, '0']) {
      const { runId } = await api.call('runs.start', { runbookId: id, inputs: { seconds } });
      const run = await waitForRun(backend, runId);
      expect(run.status).toBe('succeeded');
      expect(run.steps.find((step) => step.stepId === 'wait')?.outputs).toEqual({ seconds: 0 });
    }
  });
});
