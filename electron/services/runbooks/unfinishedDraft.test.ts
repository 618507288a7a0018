/** A draft is saved whatever state it is in; a run and a publish refuse it, naming the problem. */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

describe('an unfinished draft', () => {
  it('is saved with a method not yet chosen and a step without a name, and refused only when it must run', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const { id } = await api.call('runbooks.create', { details: { name: 'Half done' } });
    const draft = {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'method_1', name: 'Execute method', type: 'method', methodId: '' },
        { id: 'delay_1', name: '', type: 'delay', seconds: '1' },
        { id: 'condition_1', name: 'Check', type: 'condition', rules: [] },
      ],
      edges: [],
      positions: {},
    };
    const saved = await api.call('runbooks.update', { id, draft: draft as never });
    expect(saved.draft.steps.map((step) => [step.id, step.name])).toEqual([
      ['start', 'Start'],
      ['method_1', 'Execute method'],
      ['delay_1', ''],
      ['condition_1', 'Check'],
    ]);
    const read = await api.call('runbooks.get', { id });
    expect(read.draft).toEqual(saved.draft);

    const { issues } = await api.call('runbooks.validate', { id });
    expect(issues).toEqual(
      expect.arrayContaining([
        { stepId: 'method_1', message: '"Execute method": choose a method.' },
        { stepId: 'delay_1', message: 'A step needs a name.' },
        { stepId: 'condition_1', message: '"Check": add at least one rule.' },
      ]),
    );
    await expect(api.call('runs.start', { runbookId: id, inputs: {} })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('The runbook cannot run yet'),
    });
    await expect(api.call('runbooks.publish', { id, note: '' })).rejects.toMatchObject({
      message: expect.stringContaining('cannot be published yet'),
    });
  });
});
