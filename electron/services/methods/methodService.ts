/** Methods of an integration (PRODUCT.md §3); sending them is methodSends.ts. */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { firstFreeName } from '../../../shared/domain/firstFreeName';
import type { MethodDefinition } from '../../../shared/domain/method';
import { configReferencesOf, methodVariables } from '../../../shared/expressions/methodVariables';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { MethodFacts } from '../../../shared/runbook/validateGraph';
import type { ApiCallRepository } from '../db/repositories/apiCallRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository, MethodRow } from '../db/repositories/methodRepository';
import { createDeletions, inSlices } from '../db/slices';
import type { WriteNotices } from '../db/writeNotices';
import type { EventBus } from '../events/eventBus';
import {
  assertAuthorizationWithoutUserInfo,
  assertOutputsReadable,
  assertTypedCredentialsConfirmed,
  type SaveOptions,
} from './methodSaveChecks';
import { configPrefixesOf } from '../../../shared/expressions/methodVariables';
import { createMethodSends, type MethodSendDependencies, type MethodSends } from './methodSends';

export type { MethodTestInput } from './methodSends';

export interface MethodService extends MethodSends {
  list(integrationId: string): MethodRow[];
  get(id: string): MethodRow;
  /** Refuses an output that does not parse; a typed credential unless `confirmTypedCredential`. */
  create(integrationId: string, definition: MethodDefinition, options?: SaveOptions): MethodRow;
  /** As create; only a typed credential the stored method does not hold asks to be confirmed. */
  update(id: string, definition: MethodDefinition, options?: SaveOptions): MethodRow;
  /** Deletes the method; the calls it made stay in the call log, unlinked from it. */
  delete(id: string): Promise<void>;
  /** Creates several methods in one transaction; a taken name gets " (copy)", " (copy 2)"… */
  importMany(integrationId: string, definitions: MethodDefinition[]): MethodRow[];
  /** What runbook validation knows of saved methods: the variables each takes, the outputs it gives. */
  facts: MethodFacts;
  /** The integration a saved method belongs to; undefined once the method is gone. */
  integrationIdOf(methodId: string): string | undefined;
  /**
   * The integrations a saved method sends with: its own, and those whose configurations its
   * `{{config.<prefix>.…}}` placeholders read (a Secrets-only vault of each client's keys).
   */
  integrationsReachedBy(methodId: string): string[];
}

export interface MethodServiceDependencies extends MethodSendDependencies {
  methods: MethodRepository;
  integrations: IntegrationRepository;
  events: EventBus;
  /** Writes of the method, integration and configuration repositories (they make prepared sends stale). */
  repositoryWrites: Pick<WriteNotices, 'onDidWrite'>;
  now?: () => Date;
  transaction: <T>(fn: () => T) => T;
  /** The call log, whose rows of a deleted method are unlinked from it a slice at a time. */
  callLog?: Pick<ApiCallRepository, 'unlinkSomeOf'>;
}

export function createMethodService(deps: MethodServiceDependencies): MethodService & Disposable {
  const now = deps.now ?? (() => new Date());
  /**
   * What runbook validation reads of each method (its variables, output names and the
   * configuration values its request reads), kept until
   * any method, integration or configuration is written, as the sends keep what they look up: starting a run checks them for every method it uses, and reading the methods again each
   * time cost as much as a step.
   */
  const knownFacts = new Map<
    string,
    { variables: string[]; outputs: string[]; configReferences: [string, string][] } | undefined
  >();
  const sends = createMethodSends(deps);
  const subscription = deps.repositoryWrites.onDidWrite(() => {
    sends.forget();
    knownFacts.clear();
  });
  const factsOf = (methodId: string) => {
    if (knownFacts.has(methodId)) return knownFacts.get(methodId);
    const row = deps.methods.get(methodId);
    const facts =
      row === undefined
        ? undefined
        : {
            variables: methodVariables(row.definition),
            outputs: row.definition.outputs.map((output) => output.name),
            configReferences: configReferencesOf(row.definition),
          };
    if (knownFacts.size >= 1_000) knownFacts.clear();
    knownFacts.set(methodId, facts);
    return facts;
  };
  const deletions = createDeletions();
  const get = (id: string): MethodRow => {
    const row = deps.methods.get(id);
    if (row === undefined)
      throw new AppError('not_found', 'This method no longer exists; it may have been deleted.');
    return row;
  };
  const assertNameFree = (integrationId: string, name: string, ownId?: string) => {
    const clash = deps.methods
      .listByIntegration(integrationId)
      .find((row) => row.definition.name.toLowerCase() === name.toLowerCase() && row.id !== ownId);
    if (clash !== undefined) {
      throw new AppError(
        'conflict',
        `A method named "${name}" already exists in this integration.`,
        'definition.name',
      );
    }
  };
  const changed = (row: MethodRow, change: 'created' | 'updated' | 'deleted') =>
    deps.events.emit({
      name: 'methods.changed',
      payload: { id: row.id, integrationId: row.integrationId, change },
    });

  return {
    dispose: () => subscription.dispose(),
    sendForRun: sends.sendForRun,
    rehearseForRun: sends.rehearseForRun,
    test: sends.test,
    cancelTest: sends.cancelTest,
    list: (integrationId) => deps.methods.listByIntegration(integrationId),
    get,
    facts: {
      variables: (methodId) => factsOf(methodId)?.variables,
      outputs: (methodId) => factsOf(methodId)?.outputs,
      configReferences: (methodId) => factsOf(methodId)?.configReferences,
    },
    integrationIdOf: (methodId) => deps.methods.get(methodId)?.integrationId,
    integrationsReachedBy: (methodId) => {
      const row = deps.methods.get(methodId);
      if (row === undefined) return [];
      const read = configPrefixesOf(row.definition).flatMap(
        (prefix) => deps.integrations.findIdByPrefix(prefix) ?? [],
      );
      return [...new Set([row.integrationId, ...read])];
    },
    create: (integrationId, definition, options) => {
      if (deps.integrations.get(integrationId) === undefined) {
        throw new AppError('not_found', 'This integration no longer exists.', 'integrationId');
      }
      assertNameFree(integrationId, definition.name);
      assertOutputsReadable(definition);
      assertAuthorizationWithoutUserInfo(definition);
      assertTypedCredentialsConfirmed(definition, undefined, options);
      const timestamp = now().toISOString();
      const row: MethodRow = {
        id: crypto.randomUUID(),
        integrationId,
        definition,
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      deps.methods.insert(row);
      changed(row, 'created');
      return row;
    },
    update: (id, definition, options) => {
      const existing = get(id);
      assertNameFree(existing.integrationId, definition.name, id);
      assertOutputsReadable(definition);
      assertAuthorizationWithoutUserInfo(definition);
      assertTypedCredentialsConfirmed(definition, existing.definition, options);
      deps.methods.update(id, definition, now().toISOString());
      const row = get(id);
      changed(row, 'updated');
      return row;
    },
    delete: (id) =>
      deletions.once(id, async () => {
        get(id);
        // Its call-log rows first, a slice at a time (400,000 in one statement froze the app ~1 s).
        const { callLog } = deps;
        if (callLog !== undefined) await inSlices((limit) => callLog.unlinkSomeOf(id, limit), 1024);
        // Its integration deleted meanwhile took it along: gone, as asked.
        const existing = deps.methods.get(id);
        if (existing === undefined) return;
        deps.methods.delete(id);
        changed(existing, 'deleted');
      }),
    importMany: (integrationId, definitions) => {
      if (deps.integrations.get(integrationId) === undefined) {
        throw new AppError('not_found', 'This integration no longer exists.', 'integrationId');
      }
      for (const [index, definition] of definitions.entries())
        assertOutputsReadable(definition, `definitions.${String(index)}`);
      const taken = new Set(
        deps.methods.listByIntegration(integrationId).map((row) => row.definition.name.toLowerCase()),
      );
      const timestamp = now().toISOString();
      const rows = deps.transaction(() =>
        definitions.map((definition) => {
          const isTaken = (candidate: string) => taken.has(candidate.toLowerCase());
          const name = isTaken(definition.name) ? firstFreeName(definition.name, isTaken) : definition.name;
          taken.add(name.toLowerCase());
          const row: MethodRow = {
            id: crypto.randomUUID(),
            integrationId,
            definition: { ...definition, name },
            createdAt: timestamp,
            updatedAt: timestamp,
          };
          deps.methods.insert(row);
          return row;
        }),
      );
      for (const row of rows) changed(row, 'created');
      return rows;
    },
  };
}
