/** The plan of an import, worked out from what is here by name: what it creates or matches, and its notes in order. */
import { describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { runbookFileFormat, type ExportedRunbook, type RunbookFile } from '../../../shared/io/runbookFile';
import { planImport, type PlanSources } from './runbookImportPlan';

const runbook = (name: string): ExportedRunbook => ({
  name,
  description: '',
  category: '',
  tags: [],
  inputs: [],
  steps: [],
  edges: [],
});

const integration = (name: string, variablePrefix: string) => ({
  name,
  category: '',
  description: '',
  versionLabel: '',
  definition: integrationDefinitionSchema.parse({ variablePrefix }),
  methods: [],
});

const file: RunbookFile = {
  format: runbookFileFormat,
  schemaVersion: 1,
  runbook: runbook('Close ticket'),
  runbooks: [runbook('Close ticket'), runbook('Open ticket'), runbook('Notify')],
  integrations: [integration('Acme', 'acme'), integration('Acme EU', 'acme'), integration('Mail', '')],
  layout: {},
};

/** A data directory holding the runbooks and integrations named. */
function sourcesHolding(runbooks: string[], integrations: string[]): PlanSources {
  return {
    integrations: { findIdByName: (name) => (integrations.includes(name) ? `id:${name}` : undefined) },
    methods: { listByIntegration: () => [] },
    runbooks: { findIdByName: (name) => (runbooks.includes(name) ? `id:${name}` : undefined) },
    isPrefixTaken: (prefix, claimed) => prefix !== '' && claimed.has(prefix),
    namedConfigurationId: () => undefined,
  };
}

describe('planImport', () => {
  it('matches what is here by name, and notes credentials to add and a prefix two integrations claim', () => {
    const plan = planImport(file, 'copy', sourcesHolding(['Notify'], ['Mail']));
    expect(plan.integrations.map((planned) => [planned.name, planned.action])).toEqual([
      ['Acme', 'create'],
      ['Acme EU', 'create'],
      ['Mail', 'match'],
    ]);
    expect(plan.runbooks).toEqual([
      { name: 'Open ticket', action: 'create' },
      { name: 'Notify', action: 'useExisting' },
    ]);
    expect(plan.runbook).toEqual({ name: 'Close ticket', action: 'create', finalName: 'Close ticket' });
    expect(plan.notes).toEqual([
      'Add a configuration with credentials to "Acme" before running.',
      'Add a configuration with credentials to "Acme EU" before running.',
      'The prefix "acme" is taken here, so "Acme EU" has none; choose one.',
    ]);
  });

  it('imports a taken name as a copy under a free name, or replaces its draft when asked', () => {
    const here = sourcesHolding(['Close ticket', 'Close ticket (copy)'], []);
    expect(planImport(file, 'copy', here).runbook).toMatchObject({
      action: 'copy',
      finalName: 'Close ticket (copy 2)',
    });
    expect(planImport(file, 'replaceDraft', here).runbook).toEqual({
      name: 'Close ticket',
      action: 'replaceDraft',
      finalName: 'Close ticket',
    });
  });
});
