/**
 * Imports a runbook file (PRODUCT.md §5): first a plan the user sees — what will be created and
 * what matched by name — then, once confirmed, everything in one transaction. Integrations are
 * matched by name or created without credentials; methods are matched by name within their
 * integration or created; runbooks the file's runbook starts are matched by name or created; the
 * runbook itself is created, imported as a copy when its name is taken, or replaces that
 * runbook's draft when the user chooses so. Nothing existing is overwritten silently. The plan is
 * runbookImportPlan.ts, the writes runbookImportWrites.ts, the look-ups by name both share
 * importLookups.ts; this module reads the file, runs the writes in one transaction and tells.
 */
import type { ImportPlan } from '../../../shared/domain/runbook';
import { readRunbookFile } from '../../../shared/io/readRunbookFile';
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { RunbookRepository } from '../db/repositories/runbookRepository';
import type { EventBus } from '../events/eventBus';
import type { TestCaseRepository } from '../db/repositories/testCaseRepository';
import type { WithDraftSwitches } from '../runbooks/draftSwitches';
import { importLookupsOf } from './importLookups';
import { withRowsAsWritten } from './namesHere';
import { planImport, type ImportMode } from './runbookImportPlan';
import { importedTestCases, writeIntegrations, writeRunbooks } from './runbookImportWrites';

export type { ImportMode } from './runbookImportPlan';

export interface RunbookImportDependencies {
  runbooks: RunbookRepository;
  methods: MethodRepository;
  integrations: IntegrationRepository;
  configurations: ConfigurationRepository;
  /**
   * Where the file's test cases go: they replace the runbook's (a file without any keeps them),
   * which the plan says when cases are saved there.
   */
  testCases?: Pick<TestCaseRepository, 'replaceAll' | 'list'>;
  /** The windows hear of the integrations an import created. */
  events: Pick<EventBus, 'emit'>;
  /**
   * The triggers' withDraftSwitches: replacing a draft keeps its webhook switch and schedule
   * pause, which apply at once (triggers/triggerSwitches.ts).
   */
  withDraftSwitches: WithDraftSwitches;
  transaction: <T>(fn: () => T) => T;
  now?: () => Date;
}

export interface ImportResult {
  runbookId: string;
  plan: ImportPlan;
  createdIntegrationIds: string[];
  createdMethods: { id: string; integrationId: string }[];
}

export function createRunbookImport(deps: RunbookImportDependencies) {
  const now = deps.now ?? (() => new Date());
  // Rows are found by the names they are written under (namesHere.ts), worked out per import.
  const targetsHere = () => {
    const here = withRowsAsWritten(deps);
    return { ...here, ...importLookupsOf(here) };
  };

  return {
    preview: (content: string, mode: ImportMode): ImportPlan =>
      planImport(readRunbookFile(content), mode, targetsHere()),

    apply: (content: string, mode: ImportMode): ImportResult => {
      const file = readRunbookFile(content);
      const result = deps.transaction(() => {
        const targets = targetsHere();
        const plan = planImport(file, mode, targets);
        const timestamp = now().toISOString();
        const { methodIds, createdIntegrationIds, createdMethods } = writeIntegrations(
          file,
          targets,
          timestamp,
        );
        const { mainId, ids } = writeRunbooks(file, plan, methodIds, targets, timestamp);
        if (file.testCases !== undefined)
          deps.testCases?.replaceAll(
            mainId,
            importedTestCases(file.testCases, mainId, timestamp, ids.runbook),
          );
        return { runbookId: mainId, plan, createdIntegrationIds, createdMethods };
      });
      // Told after the transaction, so listeners see the whole import.
      for (const id of result.createdIntegrationIds)
        deps.events.emit({ name: 'integrations.changed', payload: { id, change: 'created' } });
      // A window showing the methods of an integration matched by name reads them again.
      for (const { id, integrationId } of result.createdMethods)
        deps.events.emit({ name: 'methods.changed', payload: { id, integrationId, change: 'created' } });
      if (file.testCases !== undefined && deps.testCases !== undefined)
        deps.events.emit({ name: 'testCases.changed', payload: { runbookId: result.runbookId } });
      return result;
    },
  };
}
