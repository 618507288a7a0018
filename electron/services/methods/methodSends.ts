/**
 * Sending a method (PRODUCT.md §3, §4): for a runbook step, with the configuration it chose and
 * its record on disk first when the request may change another system; worked out without
 * sending for dry runs and replays; and the Test button's request.
 */
import { AppError } from '../../../shared/api/appError';
import type { IntegrationDefinition } from '../../../shared/domain/integrationDefinition';
import type { MethodDefinition } from '../../../shared/domain/method';
import type { RequestResult } from '../../../shared/domain/requestResult';
import { safeHttpMethods, type MethodRehearsal } from '../../../shared/rehearsal/rehearsal';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository, MethodRow } from '../db/repositories/methodRepository';
import type { ConfigurationAccess, HttpCore } from '../http/httpCore';

export interface MethodTestInput {
  integrationId: string;
  methodId: string | null;
  definition: MethodDefinition;
  configurationId: string | null;
  /** Text, or a value with its own type as a run's step would give it (a Test step's true, 3). */
  variables: Record<string, unknown>;
}

export interface MethodSends {
  test(input: MethodTestInput): Promise<RequestResult>;
  /** Sends a saved method for a runbook step, with the configuration the step chose. */
  sendForRun(input: {
    methodId: string;
    configuration: { mode: 'primary' } | { mode: 'named'; configurationId: string } | { mode: 'client' };
    client: string;
    variables: Record<string, unknown>;
    signal: AbortSignal;
    /** Awaited before a request that may change another system; when it rejects, nothing is sent. */
    beforeChangingRequest: () => Promise<void>;
    /** The run that sends it, for the call log. */
    runId: string;
    /** The run's step record that sends it: the call log keeps the call in it when it can. */
    seq?: number;
    /** Values the run must not record (masked like secrets in the result and the call log). */
    maskedValues?: readonly string[] | undefined;
  }): Promise<RequestResult>;
  /**
   * Works a saved method's request out for a runbook step without sending it (dry runs and
   * replays): the request it would send, whether it is safe to send, its example response, and
   * how to answer it from another response.
   */
  rehearseForRun(input: {
    methodId: string;
    configuration: Parameters<MethodSends['sendForRun']>[0]['configuration'];
    client: string;
    variables: Record<string, unknown>;
    authorize: boolean;
    baseUrlIfNone?: string | undefined;
    maskedValues?: readonly string[] | undefined;
  }): Promise<MethodRehearsal>;
}

export interface MethodSendDependencies {
  methods: Pick<MethodRepository, 'get'>;
  integrations: Pick<IntegrationRepository, 'get' | 'getDefinition'>;
  http: HttpCore;
  configurationAccess: (configurationId: string) => ConfigurationAccess;
  /** Values of the {{config.<prefix>.<field>}} placeholders a method uses. */
  configReferences: (method: MethodDefinition) => { scope: Record<string, unknown>; secrets: string[] };
  /** The configuration of an integration that belongs to a client (client configuration mode). */
  clientConfigurationId?: (integrationId: string, client: string) => string | undefined;
  /** The primary configuration of an integration, if it has one. */
  primaryConfigurationId: (integrationId: string) => string | undefined;
  /**
   * Credentials given to this process instead of stored (the command line's `run`): the
   * configuration a request uses, with them laid over it. Absent: the stored one as it is.
   */
  overrideConfiguration?: (
    integrationId: string,
    integration: IntegrationDefinition,
    configurationId: string | undefined,
    stored: ConfigurationAccess | null,
  ) => ConfigurationAccess | null;
}

/** Where no configuration is stored (a replay on another machine): no credentials, no tokens. */
const noConfiguration: ConfigurationAccess = {
  baseUrl: '',
  credentials: {
    get: () => undefined,
    require: (name) => {
      throw new AppError('invalid_input', `This request needs the credential "${name}".`, 'configuration');
    },
  },
  tokens: { read: () => undefined, write: () => undefined, clear: () => undefined },
  secretValues: () => [],
};

/** The result of a step whose request never left: nothing sent, the reason as the error. */
const notSent = (error: NonNullable<RequestResult['error']>): RequestResult => ({
  request: null,
  response: null,
  outputs: [],
  durationMs: 0,
  attempts: 0,
  error,
});

/**
 * The step's variables with the {{config.…}} values its method uses laid over them. Copied key by
 * key: on Node 20, spreading two objects into one took about a microsecond, for every step.
 */
function withReferences(
  variables: Record<string, unknown>,
  scope: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  copyOwn(variables, merged);
  copyOwn(scope, merged);
  return merged;
}

function copyOwn(from: Record<string, unknown>, to: Record<string, unknown>): void {
  for (const name in from) {
    if (!Object.hasOwn(from, name)) continue;
    // Defined, not assigned: a variable may be named __proto__.
    if (name === '__proto__')
      Object.defineProperty(to, name, {
        value: from[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else to[name] = from[name];
  }
}

/**
 * A run's record of the request says how long it waited for its integration's rate limit and
 * whose limit that was ("waited 1.2 s for the rate limit of CRM" on the run page).
 */
function withRateLimitWait(result: RequestResult, integrationName: () => string | undefined): RequestResult {
  const waitedMs = result.rateLimitWaitMs;
  if (waitedMs === undefined || result.request === null) return result;
  const rateLimitWait = { waitedMs, integrationName: integrationName() ?? 'its integration' };
  return { ...result, request: { ...result.request, rateLimitWait } };
}

interface PreparedSend {
  method: MethodRow;
  integration: IntegrationDefinition;
  configurationId: string | undefined;
  /** The run's client, when the step needs its configuration and it has none. */
  clientWithoutConfiguration: string | undefined;
  references: { scope: Record<string, unknown>; secrets: string[] };
}

/** The sends, and `forget`, which drops what they keep (a method, integration or configuration was written). */
export function createMethodSends(deps: MethodSendDependencies): MethodSends & { forget(): void } {
  /**
   * What a run step needs besides its variables — the method, its integration, which
   * configuration, the {{config.…}} values — looked up once and kept until any method,
   * integration or configuration is written (their repositories say so): a run sends the same
   * methods again and again.
   */
  const prepared = new Map<string, PreparedSend | undefined>();
  /**
   * Which configuration a step sends with. In a client's run, an integration in client
   * configuration mode sends with that client's configuration whether the step says "the run's
   * client" or "primary" (PRODUCT.md §1: the run chooses the configuration of the client it runs
   * for; the primary one belongs to some other client); a named configuration stays as chosen,
   * and an integration not in client mode (the team's own tools) keeps its primary one.
   */
  const preparedFor = (
    methodId: string,
    choice: Parameters<MethodSends['sendForRun']>[0]['configuration'],
    client: string,
  ): PreparedSend | undefined => {
    // Built for every step, so text rather than JSON; unambiguous, as only the last part is free text.
    const which = choice.mode === 'named' ? choice.configurationId : client;
    const key = `${methodId}\n${choice.mode}\n${which}`;
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
        references: deps.configReferences(method.definition),
      };
    }
    if (prepared.size >= 1_000) prepared.clear();
    prepared.set(key, value);
    return value;
  };
  /** A client's run reaching an integration in client mode where that client has no configuration. */
  const noClientConfiguration = (send: PreparedSend, client: string): RequestResult =>
    notSent({
      code: 'invalid_input',
      message: `${client} has no configuration of "${deps.integrations.get(send.method.integrationId)?.name ?? 'this integration'}", an integration in client configuration mode: add one for ${client}.`,
    });
  /** The configuration a request of this integration is sent with, given credentials laid over. */
  const accessFor = (
    integrationId: string,
    integration: IntegrationDefinition,
    configurationId: string | undefined,
  ): ConfigurationAccess | null => {
    const stored = configurationId === undefined ? null : deps.configurationAccess(configurationId);
    return deps.overrideConfiguration === undefined
      ? stored
      : deps.overrideConfiguration(integrationId, integration, configurationId, stored);
  };
  return {
    forget: () => prepared.clear(),
    sendForRun: async (input) => {
      const prepared = preparedFor(input.methodId, input.configuration, input.client);
      if (prepared === undefined)
        return notSent({ code: 'not_found', message: 'The method of this step no longer exists.' });
      const { method, integration, configurationId, references } = prepared;
      const configuration = accessFor(method.integrationId, integration, configurationId);
      // Credentials given to the command line may stand in for it; else nothing is sent.
      if (prepared.clientWithoutConfiguration !== undefined && configuration === null)
        return noClientConfiguration(prepared, prepared.clientWithoutConfiguration);
      if (!safeHttpMethods.has(method.definition.httpMethod)) {
        try {
          await input.beforeChangingRequest();
        } catch (error) {
          // Not sent: a request that changes another system goes out only with its record on disk.
          const body =
            error instanceof AppError
              ? error.toBody()
              : { code: 'internal' as const, message: 'The step record could not be saved.' };
          return notSent({ ...body, message: `The request was not sent. ${body.message}` });
        }
      }
      const result = await deps.http.send({
        integrationId: method.integrationId,
        methodId: method.id,
        integration,
        method: method.definition,
        configuration,
        variables: withReferences(input.variables, references.scope),
        variableSecrets:
          input.maskedValues === undefined
            ? references.secrets
            : [...references.secrets, ...input.maskedValues],
        signal: input.signal,
        runId: input.runId,
        runSeq: input.seq,
      });
      return withRateLimitWait(result, () => deps.integrations.get(method.integrationId)?.name);
    },
    rehearseForRun: async (input) => {
      const prepared = preparedFor(input.methodId, input.configuration, input.client);
      if (prepared === undefined) {
        const error = { code: 'not_found', message: 'The method of this step no longer exists.' };
        return { isSafe: false, request: null, error, example: null, answer: () => notSent(error) };
      }
      const { method, integration, configurationId, references } = prepared;
      const stored = accessFor(method.integrationId, integration, configurationId);
      const configuration =
        input.baseUrlIfNone === undefined ||
        (stored?.baseUrl ?? '') !== '' ||
        integration.baseUrlMode === 'fixed'
          ? stored
          : { ...(stored ?? noConfiguration), baseUrl: input.baseUrlIfNone };
      const send = {
        integrationId: method.integrationId,
        methodId: method.id,
        integration,
        method: method.definition,
        configuration,
        variables: withReferences(input.variables, references.scope),
        variableSecrets: [...references.secrets, ...(input.maskedValues ?? [])],
      };
      const { request, error } = await deps.http.preview(send, { authorize: input.authorize });
      return {
        isSafe: safeHttpMethods.has(method.definition.httpMethod) || method.definition.isDryRunSafe === true,
        request,
        error,
        example: method.definition.exampleResponse ?? null,
        answer: (response, answerError) => ({
          request,
          response,
          outputs: response === null ? [] : deps.http.answer(send, response),
          durationMs: 0,
          attempts: 0,
          error: answerError,
        }),
      };
    },
    test: async (input) => {
      const integration = deps.integrations.getDefinition(input.integrationId);
      if (integration === undefined) throw new AppError('not_found', 'This integration no longer exists.');
      const configurationId = input.configurationId ?? deps.primaryConfigurationId(input.integrationId);
      const references = deps.configReferences(input.definition);
      return deps.http.send({
        integrationId: input.integrationId,
        methodId: input.methodId,
        integration,
        method: input.definition,
        configuration: accessFor(input.integrationId, integration, configurationId),
        variables: withReferences(input.variables, references.scope),
        variableSecrets: references.secrets,
      });
    },
  };
}
