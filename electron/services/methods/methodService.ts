/** Methods of an integration (PRODUCT.md §3) and the Test button, which sends through the HTTP core. */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { firstFreeName } from '../../../shared/domain/firstFreeName';
import type { IntegrationDefinition } from '../../../shared/domain/integrationDefinition';
import type { MethodDefinition } from '../../../shared/domain/method';
import type { RequestResult } from '../../../shared/domain/requestResult';
import { safeHttpMethods, type MethodRehearsal } from '../../../shared/rehearsal/rehearsal';
import { methodVariables } from '../../../shared/expressions/methodVariables';
import type { MethodFacts } from '../../../shared/runbook/validateGraph';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { MethodRepository, MethodRow } from '../db/repositories/methodRepository';
import type { ApiCallRepository } from '../db/repositories/apiCallRepository';
import { createDeletions, inSlices } from '../db/slices';
import type { EventBus } from '../events/eventBus';
import type { WriteNotices } from '../db/writeNotices';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { ConfigurationAccess, HttpCore } from '../http/httpCore';
import { assertOutputsReadable, assertTypedCredentialsConfirmed, type SaveOptions } from './methodSaveChecks';

export interface MethodTestInput {
  integrationId: string;
  methodId: string | null;
  definition: MethodDefinition;
  configurationId: string | null;
  variables: Record<string, string>;
}

export interface MethodService {
  list(integrationId: string): MethodRow[];
  get(id: string): MethodRow;
  /** Refuses an output that does not parse; a typed credential unless `confirmTypedCredential`. */
  create(integrationId: string, definition: MethodDefinition, options?: SaveOptions): MethodRow;
  /** As create; only a typed credential the stored method does not hold asks to be confirmed. */
  update(id: string, definition: MethodDefinition, options?: SaveOptions): MethodRow;
  /** Deletes the method; the calls it made stay in the call log, unlinked from it. */
  delete(id: string): Promise<void>;
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
    configuration: Parameters<MethodService['sendForRun']>[0]['configuration'];
    client: string;
    variables: Record<string, unknown>;
    authorize: boolean;
    baseUrlIfNone?: string | undefined;
    maskedValues?: readonly string[] | undefined;
  }): Promise<MethodRehearsal>;
  /** Creates several methods in one transaction; a taken name gets " (copy)", " (copy 2)"… */
  importMany(integrationId: string, definitions: MethodDefinition[]): MethodRow[];
  /** What runbook validation knows of saved methods: the variables each takes, the outputs it gives. */
  facts: MethodFacts;
  /** The integration a saved method belongs to; undefined once the method is gone. */
  integrationIdOf(methodId: string): string | undefined;
}

export interface MethodServiceDependencies {
  methods: MethodRepository;
  integrations: IntegrationRepository;
  events: EventBus;
  /** Writes of the method, integration and configuration repositories (they make prepared sends stale). */
  repositoryWrites: Pick<WriteNotices, 'onDidWrite'>;
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
  now?: () => Date;
  transaction: <T>(fn: () => T) => T;
  /** The call log, whose rows of a deleted method are unlinked from it a slice at a time. */
  callLog?: Pick<ApiCallRepository, 'unlinkSomeOf'>;
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

export function createMethodService(deps: MethodServiceDependencies): MethodService & Disposable {
  const now = deps.now ?? (() => new Date());
  /**
   * What a run step needs besides its variables — the method, its integration, which
   * configuration, the {{config.…}} values — looked up once and kept until any method,
   * integration or configuration is written (their repositories say so): a run sends the same
   * methods again and again.
   */
  const prepared = new Map<string, PreparedSend | undefined>();
  /**
   * What runbook validation reads of each method (its variables and output names), kept the same
   * way: starting a run checks them for every method it uses, and reading the methods again each
   * time cost as much as a step.
   */
  const knownFacts = new Map<string, { variables: string[]; outputs: string[] } | undefined>();
  const subscription = deps.repositoryWrites.onDidWrite(() => {
    prepared.clear();
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
          };
    if (knownFacts.size >= 1_000) knownFacts.clear();
    knownFacts.set(methodId, facts);
    return facts;
  };
  /**
   * Which configuration a step sends with. In a client's run, an integration in client
   * configuration mode sends with that client's configuration whether the step says "the run's
   * client" or "primary" (PRODUCT.md §1: the run chooses the configuration of the client it runs
   * for; the primary one belongs to some other client); a named configuration stays as chosen,
   * and an integration not in client mode (the team's own tools) keeps its primary one.
   */
  const preparedFor = (
    methodId: string,
    choice: Parameters<MethodService['sendForRun']>[0]['configuration'],
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
    list: (integrationId) => deps.methods.listByIntegration(integrationId),
    get,
    facts: {
      variables: (methodId) => factsOf(methodId)?.variables,
      outputs: (methodId) => factsOf(methodId)?.outputs,
    },
    integrationIdOf: (methodId) => deps.methods.get(methodId)?.integrationId,
    create: (integrationId, definition, options) => {
      if (deps.integrations.get(integrationId) === undefined) {
        throw new AppError('not_found', 'This integration no longer exists.', 'integrationId');
      }
      assertNameFree(integrationId, definition.name);
      assertOutputsReadable(definition);
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
