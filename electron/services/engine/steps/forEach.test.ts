/**
 * For each on the real backend (SQLite in a temp folder): an item named like the run's own
 * variables ({{inputs…}}, {{steps…}}, …) would hide them in the body, so the draft names it as a
 * problem and a run refuses it.
 */
import { describe, expect, it } from 'vitest';
import { waitForRun } from '../../testSupport/runs';
import { startBackend } from '../../testSupport/temporaryBackend';
import { inProcessApi } from '../../testSupport/typedApi';

/** Start → Loop over {{inputs.list}} (item `itemVariable`) → body: Set w = {{inputs.who}} → back; done → End. */
async function loopRunbook(itemVariable: string) {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id } = await api.call('runbooks.create', { details: { name: 'Per item' } });
  await api.call('runbooks.update', {
    id,
    draft: {
      inputs: [
        { name: 'list', type: 'json', isRequired: true },
        { name: 'who', type: 'string', isRequired: true },
      ],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'loop', name: 'Loop', type: 'forEach', items: '{{inputs.list}}', itemVariable },
        {
          id: 'set',
          name: 'Set',
          type: 'setVariables',
          assignments: [{ name: 'w', value: '{{inputs.who}}' }],
        },
        { id: 'done', name: 'Done', type: 'end', message: '{{vars.w}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'loop' },
        { from: 'loop', kind: 'body', to: 'set' },
        { from: 'set', kind: 'next', to: 'loop' },
        { from: 'loop', kind: 'done', to: 'done' },
      ],
    },
  });
  return { backend, api, id };
}

describe('a For each item', () => {
  it('named like the run’s own variables is a problem of the step, and a run is refused', async () => {
    const problem = '"Loop": "inputs" already names {{inputs.…}}; give the item another name.';
    const { backend, api, id } = await loopRunbook('inputs');
    expect((await api.call('runbooks.validate', { id })).issues).toEqual([
      { stepId: 'loop', message: problem },
    ]);
    await expect(
      backend.dispatch('runs.start', {
        runbookId: id,
        inputs: { list: [{ who: 'the item' }], who: 'the input' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: `The runbook cannot run yet: ${problem}` });
  });

  it.each(['steps', 'vars', 'trigger', 'config', 'client', 'approval'])(
    'named "%s" is refused too',
    async (name) => {
      const { api, id } = await loopRunbook(name);
      expect((await api.call('runbooks.validate', { id })).issues).toEqual([
        {
          stepId: 'loop',
          message: `"Loop": "${name}" already names {{${name}.…}}; give the item another name.`,
        },
      ]);
    },
  );

  it('named otherwise leaves {{inputs…}} to the inputs in its body', async () => {
    const { backend, api, id } = await loopRunbook('item');
    expect((await api.call('runbooks.validate', { id })).issues).toEqual([]);
    const { runId } = await api.call('runs.start', {
      runbookId: id,
      inputs: { list: [{ who: 'the item' }], who: 'the input' },
    });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded', message: 'the input' });
  });
});
