/**
 * An integration's file: export (definition and methods, never a configuration or secret), and
 * import — matched by name (its methods then matched or added, nothing existing overwritten) or
 * created without credentials — previewed first, applied in one transaction.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { integrationDetailsSchema } from '../../../shared/domain/integration';
import type { IntegrationImportPlan } from '../../../shared/domain/integration';
import type { MethodDefinition } from '../../../shared/domain/method';
import {
  integrationFileName,
  readIntegrationFile,
  serialiseIntegrationFile,
  type IntegrationFile,
} from '../../../shared/io/integrationFile';
import { isSameMethod, leftOutWarnings, literalCredentialWarnings } from '../../../shared/io/runbookFile';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { EventBus } from '../events/eventBus';
import { assertImportable } from './importableFile';
import { unansweredPrefixNotes } from './importLookups';
import { integrationNamesHere, methodsAsWritten, withRowsAsWritten } from './namesHere';

export interface IntegrationTransferDependencies {
  integrations: IntegrationRepository;
  methods: MethodRepository;
  /** The windows hear of the integration an import created or added methods to. */
  events: Pick<EventBus, 'emit'>;
  transaction: <T>(fn: () => T) => T;
  now?: () => Date;
}

const key = (name: string) => name.trim().toLocaleLowerCase('en');

export function createIntegrationTransfer(deps: IntegrationTransferDependencies) {
  const now = deps.now ?? (() => new Date());

  /** The file's integration and methods are found here by the names rows are written under (namesHere.ts). */
  type Here = Pick<IntegrationTransferDependencies, 'integrations' | 'methods'>;

  const planFor = (file: IntegrationFile, here: Here): IntegrationImportPlan => {
    const existingId = here.integrations.findIdByName(file.integration.name);
    const existing = new Map(
      existingId === undefined
        ? []
        : here.methods.listByIntegration(existingId).map((row) => [key(row.definition.name), row] as const),
    );
    const notes: string[] = [];
    if (existingId === undefined) {
      notes.push(`Add a configuration with credentials to "${file.integration.name}" before using it.`);
      const prefix = file.integration.definition.variablePrefix;
      if (prefix !== '' && deps.integrations.findIdByPrefix(prefix) !== undefined)
        notes.push(
          `The prefix "${prefix}" is taken here, so "${file.integration.name}" has none; choose one.`,
        );
    }
    const methods = file.integration.methods.map((method) => {
      const match = existing.get(key(method.name));
      if (match === undefined) return { name: method.name, action: 'create' as const };
      const differs = !isSameMethod(match.definition, method);
      if (differs) notes.push(`"${method.name}" differs from yours; yours is kept.`);
      return { name: method.name, action: differs ? ('matchDiffers' as const) : ('match' as const) };
    });
    notes.push(
      ...unansweredPrefixNotes([file.integration], {
        isPrefixHere: (prefix) => deps.integrations.findIdByPrefix(prefix) !== undefined,
        isIntegrationHere: () => existingId !== undefined,
      }),
    );
    return {
      name: file.integration.name,
      action: existingId === undefined ? 'create' : 'match',
      methods,
      notes,
    };
  };

  /** Adds the file's methods whose names the integration lacks; returns the ids of those added. */
  const addMissingMethods = (
    here: Here,
    integrationId: string,
    methods: readonly MethodDefinition[],
    timestamp: string,
  ): string[] => {
    const existing = new Set(
      here.methods.listByIntegration(integrationId).map((row) => key(row.definition.name)),
    );
    return methods
      .filter((method) => !existing.has(key(method.name)))
      .map((definition) => {
        const id = crypto.randomUUID();
        deps.methods.insert({ id, integrationId, definition, createdAt: timestamp, updatedAt: timestamp });
        return id;
      });
  };

  return {
    export: (id: string): { fileName: string; content: string; warnings: string[] } => {
      const integration = deps.integrations.get(id);
      const definition = deps.integrations.getDefinition(id);
      if (integration === undefined || definition === undefined)
        throw new AppError('not_found', 'This integration no longer exists.');
      // Under the names they are written under, which an import here finds them by.
      const exported = {
        name: integrationNamesHere(deps.integrations).nameOf(integration),
        category: integration.category,
        description: integration.description,
        versionLabel: integration.versionLabel,
        definition,
        methods: methodsAsWritten(deps.methods.listByIntegration(id)).map((row) => row.definition),
      };
      const content = serialiseIntegrationFile(exported);
      assertImportable(content, exported.methods);
      return {
        fileName: integrationFileName(exported.name),
        content,
        warnings: [...literalCredentialWarnings([exported]), ...leftOutWarnings([exported])],
      };
    },
    preview: (content: string): IntegrationImportPlan =>
      planFor(readIntegrationFile(content), withRowsAsWritten(deps)),
    apply: (content: string): { integrationId: string; plan: IntegrationImportPlan; isCreated: boolean } => {
      const file = readIntegrationFile(content);
      const result = deps.transaction(() => {
        const here = withRowsAsWritten(deps);
        const plan = planFor(file, here);
        const timestamp = now().toISOString();
        let integrationId = here.integrations.findIdByName(file.integration.name);
        const isCreated = integrationId === undefined;
        if (integrationId === undefined) {
          integrationId = crypto.randomUUID();
          const details = integrationDetailsSchema.parse({
            name: file.integration.name,
            category: file.integration.category || 'Other',
            description: file.integration.description,
            versionLabel: file.integration.versionLabel,
          });
          deps.integrations.insert({
            id: integrationId,
            ...details,
            createdAt: timestamp,
            updatedAt: timestamp,
          });
          const prefix = file.integration.definition.variablePrefix;
          // The plan noted it when taken; the same check, before this definition claims it.
          const owner = prefix === '' ? undefined : deps.integrations.findIdByPrefix(prefix);
          deps.integrations.setDefinition(
            integrationId,
            owner === undefined
              ? file.integration.definition
              : { ...file.integration.definition, variablePrefix: '' },
            timestamp,
          );
        }
        const addedMethodIds = addMissingMethods(here, integrationId, file.integration.methods, timestamp);
        return { integrationId, plan, isCreated, addedMethodIds };
      });
      // Told after the transaction, so listeners see the whole import.
      const { integrationId, plan, isCreated, addedMethodIds } = result;
      deps.events.emit({
        name: 'integrations.changed',
        payload: { id: integrationId, change: isCreated ? 'created' : 'updated' },
      });
      // A window showing the methods of an integration matched by name reads them again.
      for (const id of addedMethodIds)
        deps.events.emit({ name: 'methods.changed', payload: { id, integrationId, change: 'created' } });
      return { integrationId, plan, isCreated };
    },
  };
}
