/**
 * Sending a method (PRODUCT.md §3, §4): for a runbook step, with the configuration it chose and
 * its record on disk first when the request may change another system; worked out without
 * sending for dry runs and replays; and the Test button's request. What a step's send needs,
 * kept, is preparedSends.ts; results of requests that never left sendResults.ts; the variables
 * with their {{config.…}} values withReferences.ts.
 */
import { AppError } from '../../../shared/api/appError';
import type { IntegrationDefinition } from '../../../shared/domain/integrationDefinition';
import type { MethodDefinition } from '../../../shared/domain/method';
import type { RequestResult } from '../../../shared/domain/requestResult';
import type {
  RateLimitWait,
  RateLimitWaitListener,
  RateLimitWaitNote,
} from '../../../shared/domain/rateLimitWait';
import type { EventBus } from '../events/eventBus';
import { safeHttpMethods, type MethodRehearsal } from '../../../shared/rehearsal/rehearsal';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { ConfigurationAccess, HttpCore } from '../http/httpCore';
import { createPreparedSends, type ConfigReferences, type ConfigurationChoice } from './preparedSends';
import { notSent, notSentWithoutRecord, rehearsalConfiguration, withRateLimitWait } from './sendResults';
import { withReferences } from './withReferences';

export interface MethodTestInput {
  integrationId: string;
  methodId: string | null;
  definition: MethodDefinition;
  configurationId: string | null;
  /** Text, or a value with its own type as a run's step would give it (a Test step's true, 3). */
  variables: Record<string, unknown>;
  /**
   * The id the window gave this Test: its waits for the rate limit are told by it
   * (methods.testWaiting), and cancelTest cancels it.
   */
  testId?: string | undefined;
}

export interface MethodSends {
  test(input: MethodTestInput): Promise<RequestResult>;
  /**
   * Cancels a Test going (by the id its window gave it): one waiting for the rate limit gives up
   * its place and sends nothing. False when no Test of that id is going.
   */
  cancelTest(testId: string): boolean;
  /** Sends a saved method for a runbook step, with the configuration the step chose. */
  sendForRun(input: {
    methodId: string;
    configuration: ConfigurationChoice;
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
    /** Told why the request waits before it leaves, only when it does. */
    onRateLimitWait?: RateLimitWaitListener | undefined;
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
  /** Values of the {{config.<prefix>.<field>}} placeholders a method uses ('' for no client). */
  configReferences: (method: MethodDefinition, client: string) => ConfigReferences;
  /** The configuration of an integration that belongs to a client (client configuration mode). */
  clientConfigurationId?: (integrationId: string, client: string) => string | undefined;
  /** The primary configuration of an integration, if it has one. */
  primaryConfigurationId: (integrationId: string) => string | undefined;
  /** A wait for the rate limit, by names; with `events`, a Test's waits are told to the windows. */
  noteOfWait?: ((wait: RateLimitWait) => RateLimitWaitNote) | undefined;
  events?: Pick<EventBus, 'emit'>;
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

/** The sends, and `forget`, which drops what they keep (a method, integration or configuration was written). */
export function createMethodSends(deps: MethodSendDependencies): MethodSends & { forget(): void } {
  const preparedSends = createPreparedSends(deps);
  /** The Tests going that a window may cancel, by the ids it gave them. */
  const testsGoing = new Map<string, AbortController>();
  /** Tells the windows what a Test waits for, or that it no longer waits (null). */
  const testWaitListener = (testId: string): RateLimitWaitListener | undefined => {
    const { noteOfWait, events } = deps;
    if (noteOfWait === undefined || events === undefined) return undefined;
    return (wait) =>
      events.emit({
        name: 'methods.testWaiting',
        payload: { testId, wait: wait === null ? null : noteOfWait(wait) },
      });
  };
  /** A client's run reaching an integration in client mode where that client has no configuration. */
  const noClientConfiguration = (integrationName: string, client: string): RequestResult =>
    notSent({
      code: 'invalid_input',
      message: `${client} has no configuration of "${integrationName}", an integration in client configuration mode: add one for ${client}.`,
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
    forget: () => preparedSends.forget(),
    sendForRun: async (input) => {
      const preparedSend = preparedSends.get(input.methodId, input.configuration, input.client);
      if (preparedSend === undefined)
        return notSent({ code: 'not_found', message: 'The method of this step no longer exists.' });
      const { method, integration, configurationId, references } = preparedSend;
      const configuration = accessFor(method.integrationId, integration, configurationId);
      // Credentials given to the command line may stand in for it; else nothing is sent.
      if (preparedSend.clientWithoutConfiguration !== undefined && configuration === null) {
        const name = deps.integrations.get(method.integrationId)?.name ?? 'this integration';
        return noClientConfiguration(name, preparedSend.clientWithoutConfiguration);
      }
      // A {{config.…}} value of another client-mode integration the client has none of: not
      // another client's instead.
      if (references.clientWithoutConfiguration !== undefined)
        return noClientConfiguration(references.clientWithoutConfiguration, input.client);
      if (!safeHttpMethods.has(method.definition.httpMethod)) {
        try {
          await input.beforeChangingRequest();
        } catch (error) {
          // Not sent: a request that changes another system goes out only with its record on disk.
          return notSentWithoutRecord(error);
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
        onRateLimitWait: input.onRateLimitWait,
      });
      return withRateLimitWait(result, () => deps.integrations.get(method.integrationId)?.name);
    },
    rehearseForRun: async (input) => {
      const preparedSend = preparedSends.get(input.methodId, input.configuration, input.client);
      if (preparedSend === undefined) {
        const error = { code: 'not_found', message: 'The method of this step no longer exists.' };
        return { isSafe: false, request: null, error, example: null, answer: () => notSent(error) };
      }
      const { method, integration, configurationId, references } = preparedSend;
      const stored = accessFor(method.integrationId, integration, configurationId);
      const configuration = rehearsalConfiguration(stored, integration, input.baseUrlIfNone);
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
      const references = deps.configReferences(input.definition, '');
      const { testId } = input;
      if (testId !== undefined && testsGoing.has(testId))
        throw new AppError('conflict', 'A Test with this id is already going; give a new id.', 'testId');
      const controller = new AbortController();
      if (testId !== undefined) testsGoing.set(testId, controller);
      try {
        return await deps.http.send({
          integrationId: input.integrationId,
          methodId: input.methodId,
          integration,
          method: input.definition,
          configuration: accessFor(input.integrationId, integration, configurationId),
          variables: withReferences(input.variables, references.scope),
          variableSecrets: references.secrets,
          signal: controller.signal,
          onRateLimitWait: testId === undefined ? undefined : testWaitListener(testId),
        });
      } finally {
        if (testId !== undefined) testsGoing.delete(testId);
      }
    },
    cancelTest: (testId) => {
      const controller = testsGoing.get(testId);
      controller?.abort();
      return controller !== undefined;
    },
  };
}
