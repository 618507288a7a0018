/**
 * The configuration values a template field may name, `{{config.<prefix>.<field>}}` (PRODUCT.md
 * §4), for its completion: the fields the configurations of each integration with a variable
 * prefix fill, each with a hint naming its integration. Read from the resource cache
 * (integrations.list, then integrations.definition of each), so they are read once and kept
 * current by integrations.changed.
 */
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import { configurationFieldsOf } from '../../../../shared/domain/integrationDefinition';
import { configPathOf } from '../../../../shared/expressions/configReference';
import { callQuery, useCall } from '../../api/resources';

type Integrations = CallOutput<'integrations.list'>['items'];
type Definition = CallOutput<'integrations.definition'>;

/** Each path, in list order, with what the list of variables says of it. */
export type ConfigValueHints = ReadonlyMap<string, string>;

const everyIntegration = { search: '', category: '' };
const noIntegrations: Integrations = [];

/** Every configuration value a template may name, with its hint (empty until read). */
export function useConfigValueHints(): ConfigValueHints {
  const integrations = useCall('integrations.list', everyIntegration).data?.items ?? noIntegrations;
  const combine = useCallback(
    (results: UseQueryResult<Definition>[]): ConfigValueHints =>
      new Map(
        results.flatMap(({ data }, index) => {
          if (data === undefined || data.variablePrefix === '') return [];
          const integration = integrations[index]?.name ?? data.variablePrefix;
          return configurationFieldsOf(data).map((field) => [
            configPathOf(data.variablePrefix, field.name),
            `${field.label} of the client’s ${integration} configuration${field.kind === 'secret' ? ' (secret, masked in records)' : ''}`,
          ]);
        }),
      ),
    [integrations],
  );
  return useQueries({
    queries: integrations.map((integration) => callQuery('integrations.definition', { id: integration.id })),
    combine,
  });
}
