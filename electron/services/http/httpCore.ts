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
  RedirectPolicy,
  TokenEndpointClient,
  TokenStore,
} from './authorizer';
import { authorizerFor } from './authorizers/authorizerRegistry';
import { buildRequest } from './buildRequest';
import {
  NetworkError,
  unsendableCodes,
  type HttpTransport,
  type ProxySettings,
  type TransportResponse,
} from './httpTransport';
import { additionsOf, redirectPolicyFor, sameOriginOnly } from './redirectCredentials';
import { readOutputs, toReceivedResponse, toSentRequest } from './requestResultParts';
import { decideRetry, type AttemptOutcome } from './retryPolicy';
import { pauseAsAsked, takePlace } from './rateLimitHook';
import type { RateLimiter } from './rateLimiter';
import { createSecretMasker, type SecretMasker } from './secretMasking';

/** A configuration as the HTTP layer sees it: values, secrets on demand, its token cache. */
export interface ConfigurationAccess {
  baseUrl: string;
  credentials: CredentialReader;
  tokens: TokenStore;
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

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new NetworkError('ABORTED', 'The request was cancelled.', true));
      },
      { once: true },
    );
  });
}

const outcomeOf = (response: TransportResponse): AttemptOutcome => ({
  kind: 'response',
  status: response.status,
  retryAfter: response.headers['retry-after'],
});

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

/** A value with every secret masked: strings directly, objects and arrays through their JSON. */
function maskValue<T>(value: T, mask: SecretMasker): T {
  if (typeof value === 'string') return mask.text(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  const text = JSON.stringify(value);
  const masked = mask.text(text);
  return masked === text ? value : (JSON.parse(masked) as T);
}

export function createHttpCore(deps: HttpCoreDependencies): HttpCore {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? sleepFor;

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

  /**
   * Token requests (client credentials, refresh, assertions) go to the integration's
   * authorization server as the integration's requests: each takes a place from its limiter, a
   * 429 or 503 with Retry-After pauses the integration, and a 429 — turned away unprocessed — is
   * sent again after the pause (a 503 never: the grant may have been used, e.g. a rotated refresh
   * token), as for any POST (retryPolicy.ts), within the connection's longest total wait.
   */
  const tokenEndpointFor =
    (
      input: SendInput,
      proxy: () => ProxySettings | undefined,
      rateLimitWait: { ms: number },
    ): TokenEndpointClient =>
    async (request) => {
      const url = new URL(request.url);
      let waitedMs = 0;
      for (let attempt = 1; ; attempt += 1) {
        let refusedRedirect: URL | undefined;
        const taken = takePlace(deps.rateLimiter, input);
        const place = taken instanceof Promise ? await taken : taken;
        rateLimitWait.ms += place.waitedMs;
        let response: TransportResponse;
        try {
          response = await deps.transport.send({
            method: 'POST',
            url,
            headers: request.headers,
            body: Buffer.from(request.body),
            timeoutMs: 30_000,
            signal: input.signal,
            proxy: proxy(),
            // A grant is credentials from end to end (client secret, password, assertion in the body).
            redirectPolicy: sameOriginOnly((to) => (refusedRedirect = to)),
          });
          pauseAsAsked(deps.rateLimiter, input, outcomeOf(response), now());
        } finally {
          place.release();
        }
        if (refusedRedirect !== undefined) {
          throw new AppError(
            'unauthorized',
            `The token endpoint at ${url.host} redirects to ${refusedRedirect.origin}, another origin: the credentials are not sent there. Enter the address it redirects to as the token URL if you trust it.`,
            'tokenUrl',
          );
        }
        if (response.status === 429 || response.status === 503) {
          const decision = decideRetry({
            outcome: outcomeOf(response),
            attempt,
            httpMethod: 'POST',
            isRetrySafe: false,
            behaviour: input.integration.behaviour,
            waitedMs,
            nowMs: now(),
            random: random(),
          });
          if (decision.retry) {
            await sleep(decision.delayMs, input.signal);
            waitedMs += decision.delayMs;
            continue;
          }
        }
        let body: unknown = null;
        try {
          body = JSON.parse(response.body.toString('utf8'));
        } catch {
          // Not JSON: the caller reports the status.
        }
        return { status: response.status, headers: response.headers, body };
      }
    };

  /** The attempt loop; returns the last response or throws the last network error. */
  async function exchange(
    input: SendInput,
    prepared: PreparedRequest,
    context: AuthorizationContext,
    proxy: () => ProxySettings | undefined,
    knownSecrets: () => SecretMasker,
    rateLimitWait: { ms: number },
  ): Promise<{ response: TransportResponse; attempts: number; sent: PreparedRequest }> {
    const authorizer = authorizerFor(context.settings.type);
    const behaviour = input.integration.behaviour;
    let waitedMs = 0;
    let hasReauthorized = false;
    for (let attempt = 1; ; attempt += 1) {
      const sent = await authorizer.authorize(prepared, context);
      let outcome: AttemptOutcome;
      let response: TransportResponse | undefined;
      // Worked out at the first redirect only: most answers are not one.
      let policy: RedirectPolicy | undefined;
      // Every attempt takes a place; without limits or a pause it is there at once, no await.
      const taken = takePlace(deps.rateLimiter, input);
      const place = taken instanceof Promise ? await taken : taken;
      rateLimitWait.ms += place.waitedMs;
      try {
        // Written out rather than spread from `sent`: every request takes this path.
        response = await deps.transport.send({
          method: sent.method,
          url: sent.url,
          headers: sent.headers,
          body: sent.body,
          tls: sent.tls,
          timeoutMs: input.method.timeoutMs,
          signal: input.signal,
          proxy: proxy(),
          // What the authorizer added, and any secret the core knows, stays with this origin.
          redirectPolicy: (next, from) =>
            (policy ??= redirectPolicyFor(additionsOf(prepared, sent), knownSecrets))(next, from),
        });
        outcome = outcomeOf(response);
        // Before the place is given back, so that nobody waiting slips through before the pause.
        pauseAsAsked(deps.rateLimiter, input, outcome, now());
      } catch (error) {
        if (!(error instanceof NetworkError) || error.code === 'ABORTED' || unsendableCodes.has(error.code))
          throw error;
        outcome = { kind: 'networkError', wasSent: error.wasSent };
        if (attempt >= behaviour.retry.maxAttempts) throw Object.assign(error, { attempts: attempt });
      } finally {
        place.release();
      }
      if (response?.status === 401 && !hasReauthorized && authorizer.onUnauthorized !== undefined) {
        hasReauthorized = true;
        if (await authorizer.onUnauthorized(context)) continue;
      }
      const decision = decideRetry({
        outcome,
        attempt,
        httpMethod: prepared.method,
        isRetrySafe: input.method.isRetrySafe,
        behaviour,
        waitedMs,
        nowMs: now(),
        random: random(),
      });
      if (!decision.retry) {
        if (response !== undefined) return { response, attempts: attempt, sent };
        throw new NetworkError('ENETWORK', 'The request failed and was not retried.', true);
      }
      await sleep(decision.delayMs, input.signal);
      waitedMs += decision.delayMs;
    }
  }

  /** What one send (or preview) authorizes with, and the masker of every secret it knows. */
  const sessionOf = (input: SendInput) => {
    const settings = authSettingsFor(input);
    const configuration = input.configuration;
    let proxyRead: ReturnType<typeof proxyOf> | undefined;
    const proxy = () => (proxyRead ??= proxyOf(input)).settings;
    // The send's wait for the rate limit, its token requests' included.
    const rateLimitWait = { ms: 0 };
    const context: AuthorizationContext = {
      settings,
      credentials: configuration?.credentials ?? noCredentials,
      tokens: configuration?.tokens ?? noTokens,
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
        attempts = Math.max(
          attempts,
          (error as { attempts?: number }).attempts ?? (prepared === undefined ? 0 : 1),
        );
        const result: RequestResult = {
          request: prepared === undefined ? null : toSentRequest(prepared, mask),
          response: null,
          outputs: [],
          durationMs: performance.now() - started,
          attempts,
          error: { ...body, message: mask.text(body.message) },
          ...waitedOf(rateLimitWait),
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
