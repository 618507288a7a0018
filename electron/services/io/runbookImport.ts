/**
 * Imports a runbook file (PRODUCT.md §5): first a plan the user sees — what will be created and
 * what matched by name — then, once confirmed, everything in one transaction. Integrations are
 * matched by name or created without credentials; methods are matched by name within their
 * integration or created; runbooks the file's runbook starts are matched by name or created; the
 * runbook itself is created, imported as a copy when its name is taken, or replaces that
 * runbook's draft when the user chooses so. Nothing existing is overwritten silently.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { integrationDetailsSchema } from '../../../shared/domain/integration';
import { firstFreeName } from '../../../shared/domain/firstFreeName';
import type { ImportPlan } from '../../../shared/domain/runbook';
import { readRunbookFile } from '../../../shared/io/readRunbookFile';
import {
  importStep,
  namesInStep,
  type ExportedRunbook,
  type ReferenceIds,
  type RunbookFile,
} from '../../../shared/io/runbookFile';
import { methodIdsOf } from '../../../shared/runbook/graphReferences';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { RunbookRepository } from '../db/repositories/runbookRepository';
import type { EventBus } from '../events/eventBus';
import type { TestCaseRepository } from '../db/repositories/testCaseRepository';

export type ImportMode = 'copy' | 'replaceDraft';

export interface RunbookImportDependencies {
  runbooks: RunbookRepository;
  methods: MethodRepository;
  integrations: IntegrationRepository;
  configurations: ConfigurationRepository;
  /** Where the file's test cases go: they replace the runbook's (a file without any keeps them). */
  testCases?: Pick<TestCaseRepository, 'replaceAll'>;
  /** The windows hear of the integrations an import created. */
  events: Pick<EventBus, 'emit'>;
  transaction: <T>(fn: () => T) => T;
  now?: () => Date;
}

export interface ImportResult {
  runbookId: string;
  plan: ImportPlan;
  createdIntegrationIds: string[];
  createdMethodIds: string[];
}

const key = (name: string) => name.trim().toLocaleLowerCase('en');

export function createRunbookImport(deps: RunbookImportDependencies) {
  const now = deps.now ?? (() => new Date());

  /** The id of the integration's configuration of that name, if the integration has one here. */
  const namedConfigurationId = (integrationName: string, configurationName: string): string | undefined => {
    const integrationId = deps.integrations.findIdByName(integrationName);
    if (integrationId === undefined) return undefined;
    return deps.configurations.list(integrationId).find((row) => key(row.name) === key(configurationName))
      ?.id;
  };

  /** Whether a created integration's prefix is taken here (also by one created before it). */
  const isPrefixTaken = (prefix: string, claimed: Set<string>) =>
    prefix !== '' && (claimed.has(prefix) || deps.integrations.findIdByPrefix(prefix) !== undefined);

  /** Everything the import will do and every note it gives; apply carries out this very plan. */
  function planFor(file: RunbookFile, mode: ImportMode): ImportPlan {
    const notes: string[] = [];
    const claimedPrefixes = new Set<string>();
    const integrations = file.integrations.map((integration) => {
      const existingId = deps.integrations.findIdByName(integration.name);
      const existing = new Map(
        existingId === undefined
          ? []
          : deps.methods.listByIntegration(existingId).map((row) => [key(row.definition.name), row] as const),
      );
      if (existingId === undefined) {
        notes.push(`Add a configuration with credentials to "${integration.name}" before running.`);
        const prefix = integration.definition.variablePrefix;
        if (isPrefixTaken(prefix, claimedPrefixes)) {
          notes.push(`The prefix "${prefix}" is taken here, so "${integration.name}" has none; choose one.`);
        } else claimedPrefixes.add(prefix);
      }
      return {
        name: integration.name,
        action: existingId === undefined ? ('create' as const) : ('match' as const),
        methods: integration.methods.map((method) => {
          const match = existing.get(key(method.name));
          if (match === undefined) return { name: method.name, action: 'create' as const };
          const differs = JSON.stringify(match.definition) !== JSON.stringify(method);
          if (differs)
            notes.push(`"${integration.name} · ${method.name}" differs from yours; yours is kept.`);
          return { name: method.name, action: differs ? ('matchDiffers' as const) : ('match' as const) };
        }),
      };
    });
    const runbooks = file.runbooks
      .filter((sub) => key(sub.name) !== key(file.runbook.name))
      .map((sub) => ({
        name: sub.name,
        action:
          deps.runbooks.findIdByName(sub.name) === undefined ? ('create' as const) : ('useExisting' as const),
      }));
    // A copy's name must be free here and among the runbooks this import creates beside it.
    const createdNames = new Set(
      runbooks.filter((planned) => planned.action === 'create').map((planned) => key(planned.name)),
    );
    const isNameTaken = (name: string) =>
      createdNames.has(key(name)) || deps.runbooks.findIdByName(name) !== undefined;
    const mainTaken = deps.runbooks.findIdByName(file.runbook.name) !== undefined;
    const runbook = {
      name: file.runbook.name,
      action: !mainTaken
        ? ('create' as const)
        : mode === 'replaceDraft'
          ? ('replaceDraft' as const)
          : ('copy' as const),
      finalName:
        mainTaken && mode === 'copy' ? firstFreeName(file.runbook.name, isNameTaken) : file.runbook.name,
    };
    // Named configurations the runbooks written here use but this data directory lacks.
    const written = [
      ...file.runbooks.filter((sub) =>
        runbooks.some((planned) => planned.name === sub.name && planned.action === 'create'),
      ),
      file.runbook,
    ];
    for (const exported of written) {
      for (const step of exported.steps) {
        for (const { integration, name } of namesInStep(step).configurations) {
          if (namedConfigurationId(integration, name) === undefined) {
            notes.push(
              `Step "${step.id}" used the configuration "${name}", which you do not have; it uses the primary one.`,
            );
          }
        }
      }
    }
    return { runbook, runbooks, integrations, notes };
  }

  return {
    preview: (content: string, mode: ImportMode): ImportPlan => planFor(readRunbookFile(content), mode),

    apply: (content: string, mode: ImportMode): ImportResult => {
      const file = readRunbookFile(content);
      const result = deps.transaction(() => {
        const plan = planFor(file, mode);
        const timestamp = now().toISOString();
        const createdIntegrationIds: string[] = [];
        const createdMethodIds: string[] = [];

        // Integrations and their methods: matched by name, or created (without credentials).
        const methodIds = new Map<string, string>();
        for (const integration of file.integrations) {
          let integrationId = deps.integrations.findIdByName(integration.name);
          if (integrationId === undefined) {
            integrationId = crypto.randomUUID();
            const details = integrationDetailsSchema.parse({
              name: integration.name,
              category: integration.category || 'Other',
              description: integration.description,
              versionLabel: integration.versionLabel,
            });
            deps.integrations.insert({
              id: integrationId,
              ...details,
              createdAt: timestamp,
              updatedAt: timestamp,
            });
            // The plan noted this already; the same check, before this definition claims it.
            const isTaken = isPrefixTaken(integration.definition.variablePrefix, new Set());
            deps.integrations.setDefinition(
              integrationId,
              isTaken ? { ...integration.definition, variablePrefix: '' } : integration.definition,
              timestamp,
            );
            createdIntegrationIds.push(integrationId);
          }
          const existing = new Map(
            deps.methods
              .listByIntegration(integrationId)
              .map((row) => [key(row.definition.name), row.id] as const),
          );
          for (const method of integration.methods) {
            let methodId = existing.get(key(method.name));
            if (methodId === undefined) {
              methodId = crypto.randomUUID();
              deps.methods.insert({
                id: methodId,
                integrationId,
                definition: method,
                createdAt: timestamp,
                updatedAt: timestamp,
              });
              existing.set(key(method.name), methodId);
              createdMethodIds.push(methodId);
            }
            methodIds.set(`${key(integration.name)}\u0000${key(method.name)}`, methodId);
          }
        }

        // Runbook ids first, so Run runbook steps can point at runbooks created here.
        const runbookIds = new Map<string, string>();
        const created: { exported: ExportedRunbook; id: string; name: string; isNew: boolean }[] = [];
        for (const sub of file.runbooks.filter(
          (candidate) => key(candidate.name) !== key(file.runbook.name),
        )) {
          const existingId = deps.runbooks.findIdByName(sub.name);
          const id = existingId ?? crypto.randomUUID();
          runbookIds.set(key(sub.name), id);
          if (existingId === undefined) created.push({ exported: sub, id, name: sub.name, isNew: true });
        }
        const mainExistingId = deps.runbooks.findIdByName(file.runbook.name);
        const mainId =
          plan.runbook.action === 'replaceDraft' && mainExistingId !== undefined
            ? mainExistingId
            : crypto.randomUUID();
        runbookIds.set(key(file.runbook.name), mainId);
        created.push({
          exported: file.runbook,
          id: mainId,
          name: plan.runbook.finalName,
          isNew: plan.runbook.action !== 'replaceDraft',
        });

        // What the file names, by the ids it has here (a method or runbook not here: none).
        const ids: ReferenceIds = {
          method: (integration, name) => methodIds.get(`${key(integration)}\u0000${key(name)}`),
          runbook: (name) => runbookIds.get(key(name)),
          configuration: namedConfigurationId,
        };
        const graphOf = (exported: ExportedRunbook, layoutName: string): RunbookGraph => {
          const steps = exported.steps.map((step) => importStep(step, ids));
          const parsed = runbookGraphSchema.safeParse({
            inputs: exported.inputs,
            steps,
            edges: exported.edges,
            positions: file.layout[layoutName] ?? {},
          });
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new AppError(
              'invalid_input',
              `This file cannot be imported: "${exported.name}" ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'is not valid'}.`,
            );
          }
          return parsed.data;
        };

        for (const { exported, id, name, isNew } of created) {
          const draft = graphOf(exported, exported.name);
          if (isNew) {
            deps.runbooks.insert({
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
            const existing = deps.runbooks.get(id);
            if (existing === undefined)
              throw new AppError('not_found', 'The runbook to replace no longer exists.');
            deps.runbooks.update({ ...existing, draft, updatedAt: timestamp });
          }
          deps.runbooks.setMethodRefs(
            id,
            methodIdsOf(draft.steps).filter((methodId) => methodId !== ''),
          );
        }
        if (file.testCases !== undefined) {
          deps.testCases?.replaceAll(
            mainId,
            file.testCases.map((testCase, index) => ({
              ...testCase,
              // Ids differ between machines; a child runbook's recordings follow its name here.
              recordings: testCase.recordings.map((recorded) => ({
                ...recorded,
                runbookId: recorded.runbook === null ? null : (ids.runbook(recorded.runbook) ?? null),
              })),
              id: crypto.randomUUID(),
              runbookId: mainId,
              // A millisecond apart, so the cases list (oldest first) keeps the file's order.
              createdAt: new Date(Date.parse(timestamp) + index).toISOString(),
            })),
          );
        }
        return { runbookId: mainId, plan, createdIntegrationIds, createdMethodIds };
      });
      // Told after the transaction, so listeners see the whole import.
      for (const id of result.createdIntegrationIds)
        deps.events.emit({ name: 'integrations.changed', payload: { id, change: 'created' } });
      if (file.testCases !== undefined && deps.testCases !== undefined)
        deps.events.emit({ name: 'testCases.changed', payload: { runbookId: result.runbookId } });
      return result;
    },
  };
}
