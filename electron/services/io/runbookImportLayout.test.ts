/**
 * A file's layout is optional, and looked up by runbook name: a runbook named like a property
 * every JavaScript object has ("constructor", "toString") must not find that property instead.
 */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** A hand-written file of one runbook, without a layout. */
const fileWithoutLayout = (name: string) =>
  JSON.stringify({
    format: 'runbook-designer/runbook',
    schemaVersion: 1,
    runbook: {
      name,
      description: '',
      category: '',
      tags: [],
      inputs: [],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });

describe('a runbook file without a layout', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty'])(
    'imports a runbook called "%s" with no positions',
    async (name) => {
      const api = inProcessApi(startBackend());
      const { runbookId } = await api.call('runbooks.import', { content: fileWithoutLayout(name) });
      const runbook = await api.call('runbooks.get', { id: runbookId });
      expect(runbook.name).toBe(name);
      expect(runbook.draft.steps.map((step) => step.id)).toEqual(['start', 'done']);
      expect(runbook.draft.positions).toEqual({});
    },
  );
});
