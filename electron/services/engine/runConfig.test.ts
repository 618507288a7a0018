/**
 * The {{config.…}} values a run's step templates read are asked of the host once, when the run
 * starts, for its client — and not at all by a run whose templates read none, however many steps
 * it runs.
 */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { createEngine } from './engine';
import type { ReadConfigValues } from './runConfig';
import { collectingHooks } from './testSupport/collectingHooks';

/** Start → For each of `items` → body: "Note" sets vars.last = `value` → back; done: End. */
const loopGraph = (value: string) =>
  runbookGraphSchema.parse({
    inputs: [{ name: 'items', type: 'json', isRequired: true }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.items}}' },
      { id: 'note', name: 'Note', type: 'setVariables', assignments: [{ name: 'last', value }] },
      { id: 'done', name: 'Done', type: 'end', message: '{{vars.last}}' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'each' },
      { from: 'each', kind: 'body', to: 'note' },
      { from: 'note', kind: 'next', to: 'each' },
      { from: 'each', kind: 'done', to: 'done' },
    ],
  });

function setUp() {
  const asked: string[] = [];
  const readConfigValues: ReadConfigValues = (references, client) => {
    asked.push(`${client}: ${references.map((reference) => reference.join('.')).join(', ')}`);
    return { values: { vault: { region: `eu for ${client}` } }, secrets: [], problems: {} };
  };
  const runs = collectingHooks();
  const engine = createEngine({
    hooks: runs.hooks,
    capabilities: {
      sendMethod: () => Promise.reject(new Error('no method here')),
      loadRunbook: () => undefined,
      sleep: () => Promise.resolve(),
      readConfigValues,
    },
  });
  return { engine, asked };
}

const items = Array.from({ length: 50 }, (_, index) => index);

describe('the configuration values of a run', () => {
  it('are not asked for by a run whose templates read none', async () => {
    const { engine, asked } = setUp();
    const started = engine.start({
      runbookId: 'r',
      versionId: null,
      graph: loopGraph('{{item}}'),
      inputs: { items },
      trigger: 'manual',
      client: 'Acme',
    });
    expect(await started.finished).toMatchObject({ status: 'succeeded', message: '49' });
    expect(asked).toEqual([]);
  });

  it('are asked for once per run, for its client, however many steps read them', async () => {
    const { engine, asked } = setUp();
    const started = engine.start({
      runbookId: 'r',
      versionId: null,
      graph: loopGraph('{{item}} {{config.vault.region}}'),
      inputs: { items },
      trigger: 'manual',
      client: 'Acme',
    });
    expect(await started.finished).toMatchObject({ status: 'succeeded', message: '49 eu for Acme' });
    expect(asked).toEqual(['Acme: vault.region']);
  });
});
