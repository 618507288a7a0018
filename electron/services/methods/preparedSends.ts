/** What a run step's send needs besides its variables, looked up once and kept: apart from the sends, as the cache and the choice of configuration are their own rules. */
import type { IntegrationDefinition } from '../../../shared/domain/integrationDefinition';
import type { MethodDefinition } from '../../../shared/domain/method';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository, MethodRow } from '../db/repositories/methodRepository';

/** The configuration a run step chose. */
export type ConfigurationChoice =
  { mode: 'primary' } | { mode: 'named'; configurationId: string } | { mode: 'client' };

export interface PreparedSend {
  method: MethodRow;
  integration: IntegrationDefinition;
  configurationId: string | undefined;
  /** The run's client, when the step needs its configuration and it has none. */
  clientWithoutConfiguration: string | undefined;
  references: ConfigReferences;
}

/** Values of the {{config.<prefix>.<field>}} placeholders a method uses, read for a run's client. */
export interface ConfigReferences {
  scope: Record<string, unknown>;
  secrets: string[];
  /** An integration in client mode a placeholder reads, of which the run's client has no configuration. */
  clientWithoutConfiguration?: string;
}

export interface PreparedSendDependencies {
  methods: Pick<MethodRepository, 'get'>;
  integrations: Pick<IntegrationRepository, 'getDefinition'>;
  /** Values of the {{config.<prefix>.<field>}} placeholders a method uses ('' for no client). */
  configReferences: (method: MethodDefinition, client: string) => ConfigReferences;
  /** The configuration of an integration that belongs to a client (client configuration mode). */
  clientConfigurationId?: (integrationId: string, client: string) => string | undefined;
  /** The primary configuration of an integration, if it has one. */
  primaryConfigurationId: (integrationId: string) => string | undefined;
}

export interface PreparedSends {
  /** The method's send for the step's choice and the run's client; undefined when the method or its integration is gone. */
  get(methodId: string, choice: ConfigurationChoice, client: string): PreparedSend | undefined;
  /** Drops what is kept (a method, integration or configuration was written). */
  forget(): void;
}

/**
 * What a run step needs besides its variables — the method, its integration, which
 * configuration, the {{config.…}} values — looked up once and kept until any method,
 * integration or configuration is written (their repositories say so): a run sends the same
 * methods again and again.
 */
export function createPreparedSends(deps: PreparedSendDependencies): PreparedSends {
  const prepared = new Map<string, PreparedSend | undefined>();
  return {
    forget: () => prepared.clear(),
    /**
     * Which configuration a step sends with. In a client's run, an integration in client
     * configuration mode sends with that client's configuration whether the step says "the run's
     * client" or "primary" (PRODUCT.md §1: the run chooses the configuration of the client it runs
     * for; the primary one belongs to some other client); a named configuration stays as chosen,
     * and an integration not in client mode (the team's own tools) keeps its primary one.
     */
    get: (methodId, choice, client) => {
      // Built for every step, so text rather than JSON; unambiguous, as only the last part is free
      // text. The client counts whatever the choice: the {{config.…}} values are the client's.
      const named = choice.mode === 'named' ? choice.configurationId : '';
      const key = `${methodId}\n${choice.mode}\n${named}\n${client}`;
      if (prepared.has(key)) return prepared.get(key);
      const method = deps.methods.get(methodId);
      const integration =
        method === undefined ? undefined : deps.integrations.getDefinition(method.integrationId);
      let value: PreparedSend | undefined;
      if (method !== undefined && integration !== undefined) {
        const isClients = client !== '' && integration.isClientMode && choice.mode !== 'named';
        const configurationId =
          choice.mode === 'named'
            ? choice.configurationId
            : choice.mode === 'client' || isClients
              ? deps.clientConfigurationId?.(method.integrationId, client)
              : deps.primaryConfigurationId(method.integrationId);
        value = {
          method,
          integration,
          configurationId,
          clientWithoutConfiguration: isClients && configurationId === undefined ? client : undefined,
          references: deps.configReferences(method.definition, client),
        };
      }
      if (prepared.size >= 1_000) prepared.clear();
      prepared.set(key, value);
      return value;
    },
  };
}
