/**
 * Builds a runbook's file (shared/io/runbookFile.ts) from the database: the runbook, every
 * runbook it starts (and those start), the methods their steps use and those methods'
 * integration definitions. Configurations, secrets and tokens are never read.
 */
import { AppError } from '../../../shared/api/appError';
import { configPrefixesOf } from '../../../shared/expressions/methodVariables';
import {
  configReferencesOfSteps,
  methodIdsOf,
  referencedIdsOf,
} from '../../../shared/runbook/graphReferences';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { requiredTextAsWritten } from '../../../shared/io/exchangeNames';
import {
  exportGraph,
  leftOutWarnings,
  literalCredentialWarnings,
  runbookFileFormat,
  runbookFileName,
  runbookFileSchemaVersion,
  type ExportedIntegration,
  type ReferenceNames,
  type RunbookFile,
} from '../../../shared/io/runbookFile';
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodDefinition } from '../../../shared/domain/method';
import type { MethodRepository, MethodRow } from '../db/repositories/methodRepository';
import type { RunbookRepository } from '../db/repositories/runbookRepository';
import type { TestCaseRepository } from '../db/repositories/testCaseRepository';
import { graphOf } from '../runbooks/runbookService';
import {
  configurationsAsWritten,
  integrationNamesHere,
  methodsAsWritten,
  runbookNamesHere,
  type FolderNames,
} from './namesHere';
import { assertImportable } from './importableFile';
import { withTestCases } from './testCasesInFile';

/**
 * The reference of a step whose method or runbook is not chosen yet, as a draft saves it: written
 * as an empty name, which an import reads back as not chosen, for the user to choose there.
 */
const notChosen = '';

type IntegrationRow = NonNullable<ReturnType<IntegrationRepository['get']>>;

/** The details as the file holds them, under the name the integration is written under. */
const detailsOf = (integration: IntegrationRow, names: FolderNames) => ({
  name: names.nameOf(integration),
  category: integration.category,
  description: integration.description,
  versionLabel: integration.versionLabel,
});

/**
 * The integrations whose configurations the carried methods' and steps' `{{config.<prefix>.<field>}}`
 * placeholders read (a Secrets-only vault), added without methods: the file names the prefix,
 * so it carries the integration that has it, and an import creates it there (without values) for
 * the runbook to read — else every such step failed there, its runbook refused as naming a prefix
 * no integration has.
 */
function addIntegrationsReadByPlaceholders(
  deps: Pick<RunbookExportDependencies, 'integrations'>,
  integrations: Map<string, ExportedIntegration>,
  graphs: readonly RunbookGraph[],
  names: FolderNames,
): void {
  const methods = [...integrations.values()].flatMap((exported) => exported.methods);
  const prefixes = new Set([
    ...methods.flatMap(configPrefixesOf),
    ...graphs.flatMap((graph) => configReferencesOfSteps(graph.steps).map(([prefix]) => prefix)),
  ]);
  for (const prefix of prefixes) {
    const id = deps.integrations.findIdByPrefix(prefix);
    if (id === undefined || integrations.has(id)) continue;
    const integration = deps.integrations.get(id);
    const definition = deps.integrations.getDefinition(id);
    if (integration === undefined || definition === undefined) continue;
    integrations.set(id, { ...detailsOf(integration, names), definition, methods: [] });
  }
}

/** A method's definition under the name it is written under among its integration's (namesHere.ts). */
function methodsWrittenBy(methods: RunbookExportDependencies['methods']) {
  const byIntegration = new Map<string, Map<string, MethodDefinition>>();
  return (method: MethodRow): MethodDefinition => {
    let written = byIntegration.get(method.integrationId);
    if (written === undefined) {
      const rows = methodsAsWritten(methods.listByIntegration(method.integrationId));
      written = new Map(rows.map((row) => [row.id, row.definition]));
      byIntegration.set(method.integrationId, written);
    }
    return written.get(method.id) ?? method.definition;
  };
}

/** A configuration's name as it is written among its integration's (namesHere.ts). */
function configurationNameWrittenBy(configurations: RunbookExportDependencies['configurations']) {
  return (id: string): string | undefined => {
    const row = configurations.get(id);
    if (row === undefined) return undefined;
    return configurationsAsWritten(configurations.list(row.integrationId)).find((each) => each.id === id)
      ?.name;
  };
}

export interface RunbookExportDependencies {
  runbooks: RunbookRepository;
  methods: MethodRepository;
  integrations: IntegrationRepository;
  configurations: ConfigurationRepository;
  /** The runbook's test cases, which its file carries. */
  testCases?: Pick<TestCaseRepository, 'list'>;
}

/**
 * The runbook's file; `rootGraph` puts another graph of it (a published version's) in place of
 * its draft, so two versions' files can be compared.
 */
export function exportRunbook(
  deps: RunbookExportDependencies,
  runbookId: string,
  rootGraph?: RunbookGraph,
): { fileName: string; content: string; warnings: string[] } {
  const root = deps.runbooks.get(runbookId);
  if (root === undefined) throw new AppError('not_found', 'This runbook no longer exists.');

  // The runbook and every runbook it starts, however deep: a runbook the file names but does not
  // carry makes it unreadable (readRunbookFile refuses dangling references).
  const rootEntry = { row: root, graph: rootGraph ?? graphOf(root) };
  const included = new Map([[root.id, rootEntry]]);
  const gone = (row: typeof root, step: { name: string }, what: string): never => {
    throw new AppError(
      'invalid_input',
      `Step "${step.name}" of "${row.name}" uses ${what} that no longer exists; choose another before exporting.`,
    );
  };
  // A Map iterates entries added while iterating, so this walks breadth first.
  for (const { row: parent, graph } of included.values()) {
    for (const step of graph.steps) {
      for (const childId of referencedIdsOf(step).runbookIds) {
        if (childId === notChosen || included.has(childId)) continue;
        const row = deps.runbooks.get(childId);
        if (row === undefined) return gone(parent, step, 'a runbook');
        included.set(row.id, { row, graph: graphOf(row) });
      }
    }
  }
  // Each under the name it is written under, which an import here finds it by (namesHere.ts).
  const runbookNames = runbookNamesHere(deps.runbooks);
  for (const entry of included.values()) entry.row = { ...entry.row, name: runbookNames.nameOf(entry.row) };
  const integrationNames = integrationNamesHere(deps.integrations);
  const methodWritten = methodsWrittenBy(deps.methods);

  const methodIds = new Set(
    [...included.values()].flatMap(({ graph }) => methodIdsOf(graph.steps)).filter((id) => id !== notChosen),
  );
  const integrations = new Map<string, ExportedIntegration>();
  const methodNames = new Map<string, { integration: string; name: string }>();
  for (const methodId of methodIds) {
    const method = deps.methods.get(methodId);
    const integration = method && deps.integrations.get(method.integrationId);
    const definition = method && deps.integrations.getDefinition(method.integrationId);
    if (method === undefined || integration === undefined || definition === undefined) {
      for (const { row, graph } of included.values()) {
        const step = graph.steps.find((candidate) => referencedIdsOf(candidate).methodIds.includes(methodId));
        if (step !== undefined) gone(row, step, 'a method');
      }
      continue;
    }
    let exported = integrations.get(integration.id);
    if (exported === undefined) {
      exported = { ...detailsOf(integration, integrationNames), definition, methods: [] };
      integrations.set(integration.id, exported);
    }
    const written = methodWritten(method);
    exported.methods.push(written);
    methodNames.set(methodId, { integration: exported.name, name: written.name });
  }
  addIntegrationsReadByPlaceholders(
    deps,
    integrations,
    [...included.values()].map(({ graph }) => graph),
    integrationNames,
  );

  const names: ReferenceNames = {
    method: (id) => methodNames.get(id),
    runbook: (id) => {
      const row = included.get(id)?.row ?? deps.runbooks.get(id);
      return row && runbookNames.nameOf(row);
    },
    configuration: configurationNameWrittenBy(deps.configurations),
  };
  const exportOf = ({ row, graph }: { row: typeof root; graph: RunbookGraph }) =>
    exportGraph(row, graph, names);
  const file: RunbookFile = {
    format: runbookFileFormat,
    schemaVersion: runbookFileSchemaVersion,
    runbook: exportOf(rootEntry),
    runbooks: [...included.values()].filter(({ row }) => row.id !== root.id).map(exportOf),
    integrations: [...integrations.values()],
    layout: Object.fromEntries([...included.values()].map(({ row, graph }) => [row.name, graph.positions])),
  };
  const graph = rootEntry.graph;
  const stepName = (stepId: string) => graph.steps.find((step) => step.id === stepId)?.name ?? stepId;
  const { content, warnings } = withTestCases(
    file,
    (deps.testCases?.list(root.id) ?? []).map((testCase) => ({
      name: requiredTextAsWritten(testCase.name, 'Unnamed test case'),
      inputs: testCase.inputs,
      client: testCase.client,
      // A child runbook's id means nothing on another machine: the file names it (as it is
      // called now, should it have been renamed since) and an import sets the id from that name.
      recordings: testCase.recordings.map(({ runbookId, ...recorded }) => ({
        ...recorded,
        runbook:
          runbookId == null ? recorded.runbook : (included.get(runbookId)?.row.name ?? recorded.runbook),
      })),
      outcome: testCase.outcome,
      expectations: testCase.expectations,
    })),
    stepName,
  );
  assertImportable(
    content,
    file.integrations.flatMap((integration) => integration.methods),
  );
  return {
    fileName: runbookFileName(rootEntry.row.name),
    content,
    warnings: [
      ...literalCredentialWarnings(file.integrations),
      ...leftOutWarnings(file.integrations),
      ...warnings,
    ],
  };
}
