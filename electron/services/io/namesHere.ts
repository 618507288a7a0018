/**
 * The names this data folder's rows are exchanged under (shared/io/exchangeNames.ts), for the
 * export that writes them and the import that finds rows by them: a row an earlier version named
 * "Help\tdesk" is written "Help desk" (or "Help desk (copy)" when another row is "Help desk"), and
 * that file, imported here, finds that row — it did not, and a second integration was created.
 * Worked out once per export or import, from the rows as they are when it starts.
 */
import { integrationLimits } from '../../../shared/domain/integration';
import { configurationLimits } from '../../../shared/domain/configuration';
import { methodLimits } from '../../../shared/domain/method';
import { runbookLimits } from '../../../shared/domain/runbook';
import {
  exchangeNamesOf,
  idWrittenAs,
  writtenNamesOf,
  type NamedRow,
} from '../../../shared/io/exchangeNames';
import type { ConfigurationRepository, ConfigurationRow } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository, MethodRow } from '../db/repositories/methodRepository';
import type { RunbookRepository } from '../db/repositories/runbookRepository';

/** A scope of the whole folder (integrations, runbooks), named in SQL and matched by an index. */
interface FolderScope {
  findIdByName(name: string): string | undefined;
  namedBeforeTheRule(): NamedRow[];
}

/** The written name of a row of a folder scope, and the id of the row written under a name. */
export interface FolderNames {
  nameOf(row: NamedRow): string;
  idNamed(name: string): string | undefined;
}

function folderNamesOf(scope: FolderScope, unnamed: string, maxLength: number): FolderNames {
  let written: Map<string, string> | undefined;
  // Only the rows named before the rule are read whole; the others are looked up by name.
  const writtenNames = () => {
    if (written !== undefined) return written;
    const before = scope.namedBeforeTheRule();
    const beforeIds = new Set(before.map((row) => row.id));
    const isTaken = (name: string) => {
      const id = scope.findIdByName(name);
      return id !== undefined && !beforeIds.has(id);
    };
    written = writtenNamesOf(before, isTaken, unnamed, maxLength);
    return written;
  };
  return {
    nameOf: (row) => writtenNames().get(row.id) ?? row.name,
    idNamed: (name) => {
      const id = scope.findIdByName(name);
      const names = writtenNames();
      return id !== undefined && !names.has(id) ? id : idWrittenAs(names, name);
    },
  };
}

export const integrationNamesHere = (integrations: FolderScope): FolderNames =>
  folderNamesOf(integrations, 'Unnamed integration', integrationLimits.nameMax);

export const runbookNamesHere = (runbooks: FolderScope): FolderNames =>
  folderNamesOf(runbooks, 'Unnamed runbook', runbookLimits.nameMax);

/** An integration's methods, each under the name it is written under. */
export function methodsAsWritten(rows: readonly MethodRow[]): MethodRow[] {
  const names = exchangeNamesOf(
    rows.map((row) => ({ id: row.id, name: row.definition.name })),
    'Unnamed method',
    methodLimits.nameMax,
  );
  return rows.map((row) => {
    const name = names.get(row.id) ?? row.definition.name;
    return name === row.definition.name ? row : { ...row, definition: { ...row.definition, name } };
  });
}

/** An integration's configurations, each under the name it is written under. */
export function configurationsAsWritten(rows: readonly ConfigurationRow[]): ConfigurationRow[] {
  const names = exchangeNamesOf(rows, 'Unnamed configuration', configurationLimits.nameMax);
  return rows.map((row) => {
    const name = names.get(row.id) ?? row.name;
    return name === row.name ? row : { ...row, name };
  });
}

/**
 * The repositories an import reads names from, answering by the names rows are written under:
 * an integration or runbook found by its written name, an integration's methods and
 * configurations listed under theirs. Writes go to the rows as they are.
 */
export function withRowsAsWritten<
  T extends {
    integrations: IntegrationRepository;
    methods: MethodRepository;
    runbooks?: RunbookRepository;
    configurations?: ConfigurationRepository;
  },
>(deps: T): T {
  const integrations = integrationNamesHere(deps.integrations);
  const runbooks = deps.runbooks && runbookNamesHere(deps.runbooks);
  const configurations = deps.configurations;
  return {
    ...deps,
    integrations: { ...deps.integrations, findIdByName: integrations.idNamed },
    methods: {
      ...deps.methods,
      listByIntegration: (integrationId: string, limit?: number) =>
        methodsAsWritten(deps.methods.listByIntegration(integrationId, limit)),
    },
    ...(deps.runbooks && runbooks && { runbooks: { ...deps.runbooks, findIdByName: runbooks.idNamed } }),
    ...(configurations && {
      configurations: {
        ...configurations,
        list: (integrationId: string) => configurationsAsWritten(configurations.list(integrationId)),
      },
    }),
  };
}
