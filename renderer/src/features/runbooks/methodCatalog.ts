/**
 * Every method of every integration, for the Execute-method step's picker, its variables'
 * completion and its node summary: from the resource cache (integrations.list, then methods.list
 * of each), so it is read once and kept current by integrations.changed and methods.changed.
 */
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { methodVariables } from '../../../../shared/expressions/methodVariables';
import { callQuery, useCall } from '../../api/resources';

export interface CatalogMethod {
  id: string;
  integrationId: string;
  integrationName: string;
  definition: MethodDefinition;
  variables: string[];
}

type Integrations = CallOutput<'integrations.list'>['items'];
type MethodList = CallOutput<'methods.list'>;

const everyIntegration = { search: '', category: '' };
const noIntegrations: Integrations = [];

/** Reads the methods of every integration and hands them to `combine`, which picks what a caller needs. */
function useCatalogReads<T>(
  combine: (integrations: Integrations, lists: (MethodList | undefined)[]) => T,
): T {
  const integrations = useCall('integrations.list', everyIntegration).data?.items ?? noIntegrations;
  const combineResults = useCallback(
    (results: UseQueryResult<MethodList>[]) =>
      combine(
        integrations,
        results.map((result) => result.data),
      ),
    [combine, integrations],
  );
  return useQueries({
    queries: integrations.map((integration) => callQuery('methods.list', { integrationId: integration.id })),
    combine: combineResults,
  });
}

/** The catalog built from what has been read so far. */
function catalogOf(integrations: Integrations, lists: (MethodList | undefined)[]): CatalogMethod[] {
  return integrations.flatMap((integration, index) =>
    (lists[index] ?? []).map((method) => ({
      id: method.id,
      integrationId: integration.id,
      integrationName: integration.name,
      definition: method.definition,
      variables: methodVariables(method.definition),
    })),
  );
}

/** Every method of every integration (empty until read). */
export function useMethodCatalog(): CatalogMethod[] {
  return useCatalogReads(catalogOf);
}

/** The name of the integration a method belongs to ('' until read, or when none has it). */
export function useIntegrationNameOf(methodId: string): string {
  const nameOf = useCallback(
    (integrations: Integrations, lists: (MethodList | undefined)[]) => {
      const index = lists.findIndex((list) => list?.some((method) => method.id === methodId) === true);
      return integrations[index]?.name ?? '';
    },
    [methodId],
  );
  return useCatalogReads(nameOf);
}
