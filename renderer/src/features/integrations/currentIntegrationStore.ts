/**
 * The integration open in the window (the one the route names): details, connection,
 * configurations and methods, read from the shared resource cache, which backend events keep
 * fresh — every tab reads the same answers, and nothing here reloads by hand.
 */
import type { CallOutput } from '../../../../shared/api/contract';
import type { Integration } from '../../../../shared/domain/integration';
import type { IntegrationDefinitionView } from '../../../../shared/domain/integrationDefinition';
import { invalidateCalls, setCallData, useCall } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import { useRoute } from '../../app/route';

export type ConfigurationView = CallOutput<'configurations.list'>[number];
export type MethodView = CallOutput<'methods.list'>[number];

export interface OpenIntegration {
  id: string | null;
  integration: Integration | null;
  definition: IntegrationDefinitionView | null;
  configurations: ConfigurationView[];
  methods: MethodView[];
  /** Whether all four have arrived (tabs start from a complete picture). */
  isLoaded: boolean;
  /** Why one of them could not be read (e.g. the integration was deleted meanwhile). */
  error: string | null;
}

/** The id of the integration the route shows, or null outside an integration's pages. */
function useOpenIntegrationId(): string | null {
  const route = useRoute();
  return route.area === 'integrations' && 'id' in route ? route.id : null;
}

export function useOpenIntegration(): OpenIntegration {
  const id = useOpenIntegrationId();
  const isEnabled = id !== null;
  const key = id ?? '';
  const integration = useCall('integrations.get', { id: key }, { isEnabled });
  const definition = useCall('integrations.definition', { id: key }, { isEnabled });
  const configurations = useCall('configurations.list', { integrationId: key }, { isEnabled });
  const methods = useCall('methods.list', { integrationId: key }, { isEnabled });
  const queries = [integration, definition, configurations, methods];
  const failed = queries.find((query) => query.error !== null);
  return {
    id,
    integration: integration.data ?? null,
    definition: definition.data ?? null,
    configurations: configurations.data ?? [],
    methods: methods.data ?? [],
    isLoaded: queries.every((query) => query.data !== undefined),
    error: failed === undefined ? null : messageOf(failed.error),
  };
}

/** Shows the definition a save returned at once (its event would bring the same a moment later). */
export function showSavedDefinition(id: string, definition: IntegrationDefinitionView): void {
  setCallData('integrations.definition', { id }, definition);
}

/** Reads the lists again now, for a caller that goes on once they show its change. */
export function refreshIntegrationLists(): Promise<void> {
  return invalidateCalls(['configurations.list', 'methods.list']);
}
