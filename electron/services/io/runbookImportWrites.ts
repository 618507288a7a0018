/** What a confirmed runbook import writes, part by part (integrations and methods, runbooks, test cases), inside the import's one transaction. */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { integrationDetailsSchema } from '../../../shared/domain/integration';
import type { ImportPlan } from '../../../shared/domain/runbook';
import {
  importStep,
  type ExportedRunbook,
  type ReferenceIds,
  type RunbookFile,
} from '../../../shared/io/runbookFile';
import { methodIdsOf } from '../../../shared/runbook/graphReferences';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { RunbookRepository } from '../db/repositories/runbookRepository';
import type { TestCaseRow } from '../db/repositories/testCaseRepository';
import { withSwitchesOf, type WithDraftSwitches } from '../runbooks/draftSwitches';
import { nameKey, type ImportLookups } from './importLookups';

export interface ImportWriteTargets extends ImportLookups {
  integrations: IntegrationRepository;
  methods: MethodRepository;
  runbooks: RunbookRepository;
  /** The triggers' withDraftSwitches: a draft replaced keeps its webhook switch and schedule pause. */
  withDraftSwitches: WithDraftSwitches;
}

/** The key of a method by its integration's name and its own. */
const methodKey = (integration: string, method: string) => `${nameKey(integration)}\u0000${nameKey(method)}`;

/**
 * Integrations and their methods: matched by name, or created (an integration without
 * credentials, and without its prefix when that is taken here). Gives the method ids by name.
 */
export function writeIntegrations(file: RunbookFile, targets: ImportWriteTargets, timestamp: string) {
  const createdIntegrationIds: string[] = [];
  /** The methods added, each with its integration: windows showing it are told. */
  const createdMethods: { id: string; integrationId: string }[] = [];
  const methodIds = new Map<string, string>();
  for (const integration of file.integrations) {
    let integrationId = targets.integrations.findIdByName(integration.name);
    if (integrationId === undefined) {
      integrationId = crypto.randomUUID();
      const details = integrationDetailsSchema.parse({
        name: integration.name,
        category: integration.category || 'Other',
        description: integration.description,
        versionLabel: integration.versionLabel,
      });
      targets.integrations.insert({
        id: integrationId,
        ...details,
        createdAt: timestamp,
        updatedAt: timestamp,
      });
      // The plan noted this already; the same check, before this definition claims it.
      const isTaken = targets.isPrefixTaken(integration.definition.variablePrefix, new Set());
      targets.integrations.setDefinition(
        integrationId,
        isTaken ? { ...integration.definition, variablePrefix: '' } : integration.definition,
        timestamp,
      );
      createdIntegrationIds.push(integrationId);
    }
    const existing = new Map(
      targets.methods
        .listByIntegration(integrationId)
        .map((row) => [nameKey(row.definition.name), row.id] as const),
    );
    for (const method of integration.methods) {
      let methodId = existing.get(nameKey(method.name));
      if (methodId === undefined) {
        methodId = crypto.randomUUID();
        targets.methods.insert({
          id: methodId,
          integrationId,
          definition: method,
          createdAt: timestamp,
          updatedAt: timestamp,
        });
        existing.set(nameKey(method.name), methodId);
        createdMethods.push({ id: methodId, integrationId });
      }
      methodIds.set(methodKey(integration.name, method.name), methodId);
    }
  }
  return { methodIds, createdIntegrationIds, createdMethods };
}

/** A runbook of the file as a graph here: its steps pointing at ids here, refused in words when it does not read. */
export function importedGraph(
  exported: ExportedRunbook,
  positions: RunbookGraph['positions'],
  ids: ReferenceIds,
): RunbookGraph {
  const steps = exported.steps.map((step) => importStep(step, ids));
  const parsed = runbookGraphSchema.safeParse({
    inputs: exported.inputs,
    steps,
    edges: exported.edges,
    positions,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `This file cannot be imported: "${exported.name}" ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'is not valid'}.`,
    );
  }
  return parsed.data;
}

/**
 * The runbooks: the file's sub-runbooks not here are created, then the file's own runbook is
 * created under the plan's name or replaces the draft of the one of its name. Gives its id and
 * the ids the file's names have here.
 */
export function writeRunbooks(
  file: RunbookFile,
  plan: ImportPlan,
  methodIds: ReadonlyMap<string, string>,
  targets: ImportWriteTargets,
  timestamp: string,
): { mainId: string; ids: ReferenceIds } {
  // Runbook ids first, so Run runbook steps can point at runbooks created here.
  const runbookIds = new Map<string, string>();
  const created: { exported: ExportedRunbook; id: string; name: string; isNew: boolean }[] = [];
  for (const sub of file.runbooks.filter(
    (candidate) => nameKey(candidate.name) !== nameKey(file.runbook.name),
  )) {
    const existingId = targets.runbooks.findIdByName(sub.name);
    const id = existingId ?? crypto.randomUUID();
    runbookIds.set(nameKey(sub.name), id);
    if (existingId === undefined) created.push({ exported: sub, id, name: sub.name, isNew: true });
  }
  const mainExistingId = targets.runbooks.findIdByName(file.runbook.name);
  const mainId =
    plan.runbook.action === 'replaceDraft' && mainExistingId !== undefined
      ? mainExistingId
      : crypto.randomUUID();
  runbookIds.set(nameKey(file.runbook.name), mainId);
  created.push({
    exported: file.runbook,
    id: mainId,
    name: plan.runbook.finalName,
    isNew: plan.runbook.action !== 'replaceDraft',
  });

  // What the file names, by the ids it has here (a method or runbook not here: none).
  const ids: ReferenceIds = {
    method: (integration, name) => methodIds.get(methodKey(integration, name)),
    runbook: (name) => runbookIds.get(nameKey(name)),
    configuration: targets.namedConfigurationId,
  };
  for (const { exported, id, name, isNew } of created) {
    // Own keys only: a runbook called "constructor" would otherwise find Object's constructor.
    const positions = Object.hasOwn(file.layout, exported.name) ? file.layout[exported.name] : undefined;
    const draft = importedGraph(exported, positions ?? {}, ids);
    if (isNew) {
      targets.runbooks.insert({
        id,
        name,
        description: exported.description,
        category: exported.category,
        tags: exported.tags,
        draft,
        createdAt: timestamp,
        updatedAt: timestamp,
      });
    } else {
      const existing = targets.runbooks.get(id);
      if (existing === undefined) throw new AppError('not_found', 'The runbook to replace no longer exists.');
      // The stored draft's switches apply at once; one that does not read leaves the file's.
      const stored = runbookGraphSchema.safeParse(existing.draft);
      const replacing = withSwitchesOf(stored.data, draft, targets.withDraftSwitches);
      targets.runbooks.update({ ...existing, draft: replacing, updatedAt: timestamp });
    }
    targets.runbooks.setMethodRefs(
      id,
      methodIdsOf(draft.steps).filter((methodId) => methodId !== ''),
    );
  }
  return { mainId, ids };
}

/**
 * The file's test cases as the runbook's here: new ids, a child runbook's recordings pointing at
 * its id here by name, and created a millisecond apart so the list (oldest first) keeps the file's order.
 */
export function importedTestCases(
  testCases: NonNullable<RunbookFile['testCases']>,
  runbookId: string,
  timestamp: string,
  runbookIdNamed: ReferenceIds['runbook'],
): TestCaseRow[] {
  return testCases.map((testCase, index) => ({
    ...testCase,
    // Ids differ between machines; a child runbook's recordings follow its name here.
    recordings: testCase.recordings.map((recorded) => ({
      ...recorded,
      runbookId: recorded.runbook === null ? null : (runbookIdNamed(recorded.runbook) ?? null),
    })),
    id: crypto.randomUUID(),
    runbookId,
    // A millisecond apart, so the cases list (oldest first) keeps the file's order.
    createdAt: new Date(Date.parse(timestamp) + index).toISOString(),
  }));
}
