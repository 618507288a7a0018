/** How a runbook import finds by name what this data directory already has: shared by its plan and its writes, so both judge alike. */
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';

/** Names match whatever their case and surrounding spaces. */
export const nameKey = (name: string) => name.trim().toLocaleLowerCase('en');

export interface ImportLookups {
  /** The id of the integration's configuration of that name, if the integration has one here. */
  namedConfigurationId(integrationName: string, configurationName: string): string | undefined;
  /** Whether a created integration's prefix is taken here (also by one created before it). */
  isPrefixTaken(prefix: string, claimed: ReadonlySet<string>): boolean;
}

export function importLookupsOf(deps: {
  integrations: Pick<IntegrationRepository, 'findIdByName' | 'findIdByPrefix'>;
  configurations: Pick<ConfigurationRepository, 'list'>;
}): ImportLookups {
  return {
    namedConfigurationId: (integrationName, configurationName) => {
      const integrationId = deps.integrations.findIdByName(integrationName);
      if (integrationId === undefined) return undefined;
      return deps.configurations
        .list(integrationId)
        .find((row) => nameKey(row.name) === nameKey(configurationName))?.id;
    },
    isPrefixTaken: (prefix, claimed) =>
      prefix !== '' && (claimed.has(prefix) || deps.integrations.findIdByPrefix(prefix) !== undefined),
  };
}
