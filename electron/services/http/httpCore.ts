/**
 * Sends one method: builds the request, authorizes it, sends it through the integration proxy
 * (retry, throttling, one re-authorization after a 401), records it in the call log, and returns
 * a RequestResult with secrets masked. The Test button and runbook steps both come through here.
 * It never rejects: failures are the result's `error` (Bruno's convention for executing).
 */
import { AppError } from '../../../shared/api/appError';
import type { AuthSettings } from '../../../shared/domain/authorization';
import type { IntegrationDefinition } from '../../../shared/domain/integrationDefinition';
import type { RateLimits } from '../../../shared/domain/rateLimits';
import type { RateLimitWaitListener } from '../../../shared/domain/rateLimitWait';
import { isoTime } from '../../../shared/domain/isoTime';
import { withProxyPassword } from '../../../shared/domain/proxyAddress';
import type { MethodDefinition } from '../../../shared/domain/method';
import type {
  OutputValue,
  ReceivedResponse,
  RequestResult,
  SentRequest,
} from '../../../shared/domain/requestResult';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import type {
  AuthorizationContext,
  CredentialReader,
  PreparedRequest,
  TokenCache,
  TokenStore,
} from './authorizer';
import { authorizerFor } from './authorizers/authorizerRegistry';
import { buildRequest } from './buildRequest';
import { createAttempts, sleepFor, type SendFailure } from './httpAttempts';
import { NetworkError, type HttpTransport, type ProxySettings } from './httpTransport';
import { readOutputs, toReceivedResponse, toSentRequest } from './requestResultParts';
import type { RateLimiter } from './rateLimiter';
import { createSecretMasker, type SecretMasker } from './secretMasking';
import { tokenSlotOf } from './tokenSlot';
import { tokensRememberedBy } from './tokensRememberedBy';

/** A configuration as the HTTP layer sees it: values, secrets on demand, its token cache. */
export interface ConfigurationAccess {
  baseUrl: string;
  credentials: CredentialReader;
  tokens: TokenCache;
  /** Every secret value of the configuration, for masking. */
  secretValues(): string[];
  /** The configuration's own rate limits, applied together with the integration's. */
  rateLimits?: { configurationId: string; limits: RateLimits | null } | undefined;
}

export interface SendInput {
  integrationId: string;
  methodId: string | null;
  integration: IntegrationDefinition;
  method: MethodDefinition;
  configuration: ConfigurationAccess | null;
  variables: Record<string, unknown>;
  /** Secret values the variables carry (e.g. {{config.<prefix>.<field>}}), masked like credentials. */
  variableSecrets?: readonly string[];
  signal?: AbortSignal | undefined;
  /** The run that sends it, if any: the call log links the call to it. */
  runId?: string | undefined;
  /** The run's step record that sends it: the call log may keep the call in that record. */
  runSeq?: number | undefined;
  /** Told why the request waits before it leaves, only when it does (rate limit, Retry-After). */
  onRateLimitWait?: RateLimitWaitListener | undefined;
}

export interface HttpCoreDependencies {
  transport: HttpTransport;
  recordCall: (record: ApiCallRecord) => void;
  openBrowser: (url: string) => Promise<void>;
  /** The integration's outbound proxy password in clear, read when a request goes through it. */
  proxyPassword?: (integrationId: string) => string | undefined;
  /** The one limiter every request passes (rateLimiter.ts); none: requests are not limited. */
  rateLimiter?: RateLimiter;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface HttpCore {
  send(input: SendInput): Promise<RequestResult>;
  /**
   * Works the request out without sending it (dry runs, replays): built, authorized when asked
   * (a token grant may be made for that), masked like a sent one. Never rejects.
   */
  preview(
    input: SendInput,
    options: { authorize: boolean },
  ): Promise<{ request: SentRequest | null; error: RequestResult['error'] }>;
  /** The method's outputs read from a response that did not come over the wire (masked like one). */
  answer(input: SendInput, response: ReceivedResponse): OutputValue[];
}

const noCredentials: CredentialReader = {
  get: () => undefined,
  require: (name) => {
    throw new AppError(
      'invalid_input',
      `Choose a configuration: this request needs the credential "${name}".`,
      'configuration',
    );
  },
};
const noTokens: TokenStore = { read: () => undefined, write: () => undefined, clear: () => undefined };

/** The wait for the rate limit, only when there was one: results without stay as they were. */
const waitedOf = (wait: { ms: number }) => (wait.ms > 0 ? { rateLimitWaitMs: wait.ms } : {});

function authSettingsFor(input: SendInput): AuthSettings {
  const authorization = input.method.authorization;
  if (authorization.mode === 'none') return { type: 'none' };
  if (authorization.mode === 'override') return authorization.settings;
  return input.integration.auth;
}

function baseUrlFor(input: SendInput): string {
  return input.integration.baseUrlMode === 'fixed'
    ? input.integration.baseUrl
    : (input.configuration?.baseUrl ?? '');
}

/**
 * A value with every secret masked: each string, key and number on its own (a number that carries
 * one becomes its masked text). Not through the value's JSON: a secret that is also a piece of
 * JSON (a PIN "2024" in {"year":2024}) would mask the syntax, and the JSON would not parse again.
 */
function maskValue<T>(value: T, mask: SecretMasker): T {
  if (typeof value === 'string') return mask.text(value) as T;
  if (typeof value === 'number' || typeof value === 'boolean') {
    const masked = mask.text(String(value));
    return (masked === String(value) ? value : masked) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => maskValue(item, mask)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [mask.text(key), maskValue(item as unknown, mask)]),
  ) as T;
}

export function createHttpCore(deps: HttpCoreDependencies): HttpCore {
  const now = deps.now ?? Date.now;
  const { exchange, tokenEndpointFor } = createAttempts({
    transport: deps.transport,
    rateLimiter: deps.rateLimiter,
    now,
    random: deps.random ?? Math.random,
    sleep: deps.sleep ?? sleepFor,
    recordCall: deps.recordCall,
  });

  /**
   * The proxy a send goes through, read once per send. The stored password goes back into the
   * address only here, on its way to the proxy agent, and is masked like any other credential.
   */
  const proxyOf = (input: SendInput): { settings: ProxySettings | undefined; secrets: string[] } => {
    const { proxy } = input.integration.behaviour;
    if (!proxy.isEnabled || proxy.url === '') return { settings: undefined, secrets: [] };
    const password = deps.proxyPassword?.(input.integrationId);
    return {
      settings: { url: withProxyPassword(proxy.url, password), caCertificate: proxy.caCertificate },
      secrets: password === undefined ? [] : [password],
    };
  };

  /** What one send (or preview) authorizes with, and the masker of every secret it knows. */
  const sessionOf = (input: SendInput) => {
    const settings = authSettingsFor(input);
    const configuration = input.configuration;
    let proxyRead: ReturnType<typeof proxyOf> | undefined;
    const proxy = () => (proxyRead ??= proxyOf(input)).settings;
    // The send's wait for the rate limit, its token requests' included.
    const rateLimitWait = { ms: 0 };
    // Tokens this send carried, masked even once the cache holds others.
    const tokensSeen = new Set<string>();
    const context: AuthorizationContext = {
      settings,
      credentials: configuration?.credentials ?? noCredentials,
      tokens: tokensRememberedBy(configuration?.tokens.slot(tokenSlotOf(settings)) ?? noTokens, tokensSeen),
      tokenEndpoint: tokenEndpointFor(input, proxy, rateLimitWait),
      now,
      openBrowser: deps.openBrowser,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    };
    const masker = () =>
      createSecretMasker([
        ...(input.variableSecrets ?? []),
        ...(configuration?.secretValues() ?? []),
        ...authorizerFor(settings.type).secretsOf(context),
        ...tokensSeen,
        ...(proxyRead?.secrets ?? []),
      ]);
    return { context, proxy, masker, rateLimitWait };
  };

  return {
    preview: async (input, { authorize }) => {
      const { context, masker } = sessionOf(input);
      try {
        const built = buildRequest(input.method, baseUrlFor(input), { ...input.variables });
        const request = authorize
          ? await authorizerFor(context.settings.type).authorize(built, context)
          : built;
        return { request: toSentRequest(request, masker()), error: null };
      } catch (error) {
        const body =
          error instanceof AppError
            ? error.toBody()
            : { code: 'internal', message: 'The request could not be built.' };
        return { request: null, error: { ...body, message: masker().text(body.message) } };
      }
    },
    answer: (input, response) => {
      const mask = createSecretMasker([
        ...(input.variableSecrets ?? []),
        ...(input.configuration?.secretValues() ?? []),
      ]);
      const received = {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: Buffer.from(response.body),
        durationMs: 0,
      };
      const outputs = readOutputs(input.method.outputs, received);
      for (const output of outputs) output.value = maskValue(output.value, mask);
      return outputs;
    },
    send: async (input) => {
      const started = performance.now();
      const { context, proxy, masker, rateLimitWait } = sessionOf(input);
      let prepared: PreparedRequest | undefined;
      let attempts = 0;
      try {
        prepared = buildRequest(input.method, baseUrlFor(input), input.variables);
        const {
          response,
          attempts: used,
          sent,
        } = await exchange(input, prepared, context, proxy, masker, rateLimitWait);
        attempts = used;
        const mask = masker();
        const received = toReceivedResponse(response, mask);
        const outputs = readOutputs(input.method.outputs, response);
        // An API that echoes a credential must not carry it into outputs, run history or the window.
        for (const output of outputs) output.value = maskValue(output.value, mask);
        const result: RequestResult = {
          request: toSentRequest(sent, mask),
          response: received,
          outputs,
          durationMs: performance.now() - started,
          attempts,
          error: null,
        };
        if (rateLimitWait.ms > 0) result.rateLimitWaitMs = rateLimitWait.ms;
        record(input, result);
        return result;
      } catch (error) {
        const mask = masker();
        const body =
          error instanceof AppError
            ? error.toBody()
            : error instanceof NetworkError
              ? { code: error.code, message: mask.text(error.message) }
              : { code: 'internal', message: 'The request could not be sent.' };
        const failure = error as SendFailure;
        attempts = Math.max(attempts, failure.attempts ?? (prepared === undefined ? 0 : 1));
        const result: RequestResult = {
          request: prepared === undefined ? null : toSentRequest(prepared, mask),
          response: null,
          outputs: [],
          durationMs: performance.now() - started,
          attempts,
          error: { ...body, message: mask.text(body.message) },
          ...waitedOf(rateLimitWait),
          ...(failure.isArrivalUnknown === true ? { isArrivalUnknown: true as const } : {}),
          ...(failure.isNeverSent === true ? { isNeverSent: true as const } : {}),
        };
        if (prepared !== undefined) record(input, result);
        return result;
      }
    },
  };

  function record(input: SendInput, result: RequestResult): void {
    if (result.request === null) return;
    const call: ApiCallRecord = {
      integrationId: input.integrationId,
      methodId: input.methodId,
      runId: input.runId ?? null,
      at: isoTime(now()),
      httpMethod: result.request.method,
      url: result.request.url,
      status: result.response?.status ?? null,
      durationMs: result.durationMs,
      attempts: result.attempts,
      error: result.error?.message ?? null,
    };
    if (result.rateLimitWaitMs !== undefined) call.rateLimitWaitMs = Math.round(result.rateLimitWaitMs);
    if (input.runSeq !== undefined) call.seq = input.runSeq;
    deps.recordCall(call);
  }
}
