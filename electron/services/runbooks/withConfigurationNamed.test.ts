/** A manual run with a configuration named: the steps on primary move to it, a name none has is refused. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { withConfigurationNamed } from './withConfigurationNamed';

const graph = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'crm', name: 'CRM', type: 'method', methodId: 'm-crm' },
    {
      id: 'mail',
      name: 'Mail',
      type: 'method',
      methodId: 'm-mail',
      configuration: { mode: 'named', configurationId: 'kept' },
    },
    { id: 'end', name: 'End', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'crm' },
    { from: 'crm', kind: 'success', to: 'mail' },
    { from: 'mail', kind: 'success', to: 'end' },
  ],
});

describe('withConfigurationNamed', () => {
  it('points the steps on their primary configuration at the one named, and leaves a chosen one', () => {
    const named = withConfigurationNamed(graph, 'Staging', () => 'staging-id');
    expect(named.steps.map((step) => (step.type === 'method' ? step.configuration : null))).toEqual([
      null,
      { mode: 'named', configurationId: 'staging-id' },
      { mode: 'named', configurationId: 'kept' },
      null,
    ]);
  });

  it('refuses a name no integration of the runbook has', () => {
    expect(() => withConfigurationNamed(graph, 'Nowhere', () => undefined)).toThrow(
      'No integration of this runbook has a configuration named "Nowhere".',
    );
  });
});
