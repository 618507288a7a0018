/** How a runbook import finds by name what this data directory already has: shared by its plan and its writes, so both judge alike. */
import { configPrefixesOf } from '../../../shared/expressions/methodVariables';
import type { MethodDefinition } from '../../../shared/domain/method';
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

/** An integration of a file, as far as its methods' placeholders are concerned. */
interface IntegrationWithMethods {
  name: string;
  definition: { variablePrefix: string };
  methods: readonly MethodDefinition[];
}

/**
 * Notes for the `{{config.<prefix>.<field>}}` placeholders of a file's methods that no
 * integration answers, neither one of the file nor one here: every run would fail such a step on
 * an unknown variable, so the plan says which prefix to add (an integration file carries one
 * integration; a runbook file written before it carried the integrations its methods read).
 */
export function unansweredPrefixNotes(
  integrations: readonly IntegrationWithMethods[],
  here: { isPrefixHere: (prefix: string) => boolean; isIntegrationHere: (name: string) => boolean },
): string[] {
  // A file's integration matched by name here keeps its prefix here, not the file's.
  const inFile = new Set(
    integrations
      .filter((integration) => !here.isIntegrationHere(integration.name))
      .map((integration) => integration.definition.variablePrefix),
  );
  const isPrefixHere = here.isPrefixHere;
  const notes = integrations.flatMap((integration) =>
    integration.methods.flatMap((method) =>
      configPrefixesOf(method)
        .filter((prefix) => !inFile.has(prefix) && !isPrefixHere(prefix))
        .map(
          (prefix) =>
            `"${integration.name} · ${method.name}" reads {{config.${prefix}.…}}, and no integration here has the prefix "${prefix}": add one with it (a Secrets-only one holds such values) before running.`,
        ),
    ),
  );
  return [...new Set(notes)];
}
