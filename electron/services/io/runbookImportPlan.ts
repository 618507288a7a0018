/** The plan of a runbook import — what it creates, matches or replaces, and its notes — worked out before anything is written, so the user sees it first. */
import { firstFreeName } from '../../../shared/domain/firstFreeName';
import type { ImportPlan } from '../../../shared/domain/runbook';
import { isSameMethod, namesInStep, type RunbookFile } from '../../../shared/io/runbookFile';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { RunbookRepository } from '../db/repositories/runbookRepository';
import type { TestCaseRepository } from '../db/repositories/testCaseRepository';
import { nameKey, unansweredPrefixNotes, type ImportLookups } from './importLookups';

export type ImportMode = 'copy' | 'replaceDraft';

export interface PlanSources extends ImportLookups {
  integrations: Pick<IntegrationRepository, 'findIdByName'>;
  methods: Pick<MethodRepository, 'listByIntegration'>;
  runbooks: Pick<RunbookRepository, 'findIdByName'>;
  /** The test cases saved here, which a replaced draft's file may replace. */
  testCases?: Pick<TestCaseRepository, 'list'>;
}

/** Each integration and method of the file, matched by name or created; `notes` gets what to do about them. */
function planIntegrations(
  file: RunbookFile,
  sources: PlanSources,
  notes: string[],
): ImportPlan['integrations'] {
  const claimedPrefixes = new Set<string>();
  return file.integrations.map((integration) => {
    const existingId = sources.integrations.findIdByName(integration.name);
    const existing = new Map(
      existingId === undefined
        ? []
        : sources.methods
            .listByIntegration(existingId)
            .map((row) => [nameKey(row.definition.name), row] as const),
    );
    if (existingId === undefined) {
      notes.push(`Add a configuration with credentials to "${integration.name}" before running.`);
      const prefix = integration.definition.variablePrefix;
      if (sources.isPrefixTaken(prefix, claimedPrefixes)) {
        notes.push(`The prefix "${prefix}" is taken here, so "${integration.name}" has none; choose one.`);
      } else claimedPrefixes.add(prefix);
    }
    return {
      name: integration.name,
      action: existingId === undefined ? ('create' as const) : ('match' as const),
      methods: integration.methods.map((method) => {
        const match = existing.get(nameKey(method.name));
        if (match === undefined) return { name: method.name, action: 'create' as const };
        const differs = !isSameMethod(match.definition, method);
        if (differs) notes.push(`"${integration.name} · ${method.name}" differs from yours; yours is kept.`);
        return { name: method.name, action: differs ? ('matchDiffers' as const) : ('match' as const) };
      }),
    };
  });
}

/** The file's own runbook: created, replacing the draft of the one of its name, or a copy under a free name. */
function planMainRunbook(
  file: RunbookFile,
  mode: ImportMode,
  runbooks: ImportPlan['runbooks'],
  sources: PlanSources,
): ImportPlan['runbook'] {
  // A copy's name must be free here and among the runbooks this import creates beside it.
  const createdNames = new Set(
    runbooks.filter((planned) => planned.action === 'create').map((planned) => nameKey(planned.name)),
  );
  const isNameTaken = (name: string) =>
    createdNames.has(nameKey(name)) || sources.runbooks.findIdByName(name) !== undefined;
  const mainTaken = sources.runbooks.findIdByName(file.runbook.name) !== undefined;
  return {
    name: file.runbook.name,
    action: !mainTaken
      ? ('create' as const)
      : mode === 'replaceDraft'
        ? ('replaceDraft' as const)
        : ('copy' as const),
    finalName:
      mainTaken && mode === 'copy' ? firstFreeName(file.runbook.name, isNameTaken) : file.runbook.name,
  };
}

/**
 * Named configurations the runbooks written here use but this data directory lacks, each note
 * naming its runbook and integration (two runbooks of a file may both have a step "get").
 */
function missingConfigurationNotes(
  file: RunbookFile,
  runbooks: ImportPlan['runbooks'],
  sources: PlanSources,
): string[] {
  const notes: string[] = [];
  const written = [
    ...file.runbooks.filter((sub) =>
      runbooks.some((planned) => planned.name === sub.name && planned.action === 'create'),
    ),
    file.runbook,
  ];
  for (const exported of written) {
    for (const step of exported.steps) {
      for (const { integration, name } of namesInStep(step).configurations) {
        if (sources.namedConfigurationId(integration, name) === undefined) {
          notes.push(
            `Step "${step.id}" of "${exported.name}" uses the configuration "${name}" of "${integration}", which is not here; it will use the primary one.`,
          );
        }
      }
    }
  }
  return notes;
}

/**
 * The test cases saved with the runbook whose draft is replaced, when the file brings its own:
 * the import replaces them too, so the plan says so (a file without any leaves them).
 */
function replacedTestCasesNotes(
  file: RunbookFile,
  runbook: ImportPlan['runbook'],
  sources: PlanSources,
): string[] {
  if (runbook.action !== 'replaceDraft' || file.testCases === undefined) return [];
  const id = sources.runbooks.findIdByName(file.runbook.name);
  const saved = id === undefined ? 0 : (sources.testCases?.list(id).length ?? 0);
  if (saved === 0) return [];
  const cases = saved === 1 ? '1 saved test case' : `${String(saved)} saved test cases`;
  return [
    `Replacing the draft of "${runbook.name}" also replaces its ${cases} with the file's ${String(file.testCases.length)}.`,
  ];
}

/** Everything the import will do and every note it gives; apply carries out this very plan. */
export function planImport(file: RunbookFile, mode: ImportMode, sources: PlanSources): ImportPlan {
  const notes: string[] = [];
  const integrations = planIntegrations(file, sources, notes);
  const runbooks = file.runbooks
    .filter((sub) => nameKey(sub.name) !== nameKey(file.runbook.name))
    .map((sub) => ({
      name: sub.name,
      action:
        sources.runbooks.findIdByName(sub.name) === undefined
          ? ('create' as const)
          : ('useExisting' as const),
    }));
  const runbook = planMainRunbook(file, mode, runbooks, sources);
  notes.push(
    ...unansweredPrefixNotes(file.integrations, {
      isPrefixHere: (prefix) => sources.isPrefixTaken(prefix, new Set()),
      isIntegrationHere: (name) => sources.integrations.findIdByName(name) !== undefined,
    }),
  );
  notes.push(...replacedTestCasesNotes(file, runbook, sources));
  notes.push(...missingConfigurationNotes(file, runbooks, sources));
  return { runbook, runbooks, integrations, notes };
}
