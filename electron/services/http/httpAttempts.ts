/**
 * The attempts of one send: each takes its place from the rate limiter, goes through the
 * transport under the redirect policy that keeps credentials with their origin, and is retried
 * as retryPolicy.ts decides (one re-authorization after a 401). The same for the token requests
 * an authorizer makes.
 */
import { AppError } from '../../../shared/api/appError';
import { isoTime } from '../../../shared/domain/isoTime';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import type {
  AuthorizationContext,
  PreparedRequest,
  RedirectPolicy,
  TokenEndpointClient,
} from './authorizer';
import { authorizerFor } from './authorizers/authorizerRegistry';
import type { SendInput } from './httpCore';
import {
  NetworkError,
  unsendableCodes,
  type HttpTransport,
  type ProxySettings,
  type TransportResponse,
} from './httpTransport';
import { pauseAsAsked, placeAfterWait, takePlace } from './rateLimitHook';
import type { RateLimiter } from './rateLimiter';
import { additionsOf, redirectPolicyFor, sameOriginOnly } from './redirectCredentials';
import { asRetryAfterSays, decideRetry, type AttemptOutcome } from './retryPolicy';
import type { SecretMasker } from './secretMasking';

export interface AttemptDependencies {
  transport: HttpTransport;
  rateLimiter: RateLimiter | undefined;
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Keeps a token request in the integration's call log. */
  recordCall?: (call: ApiCallRecord) => void;
}

/** A token URL as the call log shows it: a user name or password in it as ••••. */
const shownTokenUrl = (url: URL) =>
  url.username === '' && url.password === ''
    ? url.toString()
    : `${url.protocol}//••••@${url.host}${url.pathname}${url.search}`;

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
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

/** What a send that failed throws: how many attempts it made, and whether it may have arrived unanswered. */
export type SendFailure = Error & { attempts?: number; isArrivalUnknown?: boolean; isNeverSent?: boolean };

export interface Attempts {
  /** The attempt loop of one send; returns the last response or throws the last network error. */
  exchange(
    input: SendInput,
    prepared: PreparedRequest,
    context: AuthorizationContext,
    proxy: () => ProxySettings | undefined,
    knownSecrets: () => SecretMasker,
    rateLimitWait: { ms: number },
  ): Promise<{ response: TransportResponse; attempts: number; sent: PreparedRequest }>;
  /** The client an authorizer's token requests of this send go through. */
  tokenEndpointFor(
    input: SendInput,
    proxy: () => ProxySettings | undefined,
    rateLimitWait: { ms: number },
  ): TokenEndpointClient;
}

export function createAttempts(deps: AttemptDependencies): Attempts {
  const { now, random, sleep } = deps;
  /**
   * Token requests (client credentials, refresh, assertions) go to the integration's
   * authorization server as the integration's requests: each takes a place from its limiter, a
   * 429 or 503 with Retry-After pauses the integration, and a 429 — turned away unprocessed — is
   * sent again after the pause (a 503 never: the grant may have been used, e.g. a rotated refresh
   * token), as for any POST (retryPolicy.ts), within the connection's longest total wait.
   */
  const tokenAttempts =
    (input: SendInput, proxy: () => ProxySettings | undefined, rateLimitWait: { ms: number }) =>
    async (request: Parameters<TokenEndpointClient>[0], counted: { attempts: number }) => {
      const url = new URL(request.url);
      let waitedMs = 0;
      for (let attempt = 1; ; attempt += 1) {
        counted.attempts = attempt;
        let refusedRedirect: URL | undefined;
        const taken = takePlace(deps.rateLimiter, input);
        const place = taken instanceof Promise ? await placeAfterWait(taken, input) : taken;
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
            await sleepAsAsked(input, decision, response.headers['retry-after']);
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

  /** Token requests, each kept in the call log as a call of the integration (no method, no run). */
  const tokenEndpointFor = (
    input: SendInput,
    proxy: () => ProxySettings | undefined,
    rateLimitWait: { ms: number },
  ): TokenEndpointClient => {
    const send = tokenAttempts(input, proxy, rateLimitWait);
    return async (request) => {
      const startedAt = now();
      const counted = { attempts: 0 };
      const recordAs = (status: number | null, error: string | null) =>
        deps.recordCall?.({
          integrationId: input.integrationId,
          methodId: null,
          runId: null,
          at: isoTime(startedAt),
          httpMethod: 'POST',
          url: shownTokenUrl(new URL(request.url)),
          status,
          durationMs: now() - startedAt,
          attempts: Math.max(counted.attempts, 1),
          error,
        });
      try {
        const answer = await send(request, counted);
        recordAs(answer.status, null);
        return answer;
      } catch (error) {
        recordAs(null, error instanceof Error ? error.message : String(error));
        throw error;
      }
    };
  };

  /**
   * The attempts; returns the last response or throws the last failure. A failure is said to
   * leave the request's arrival unknown (`isArrivalUnknown`, see SendFailure) when an attempt was
   * cut off after it was written and before any answer, and the last did not get one either: a
   * retried PUT whose first attempt timed out may have done its work, however the last ended.
   */
  async function exchange(
    input: SendInput,
    prepared: PreparedRequest,
    context: AuthorizationContext,
    proxy: () => ProxySettings | undefined,
    knownSecrets: () => SecretMasker,
    rateLimitWait: { ms: number },
  ): Promise<{ response: TransportResponse; attempts: number; sent: PreparedRequest }> {
    const seen = { isCutOff: false, hasGoneOut: false };
    try {
      return await attemptAll(input, prepared, context, proxy, knownSecrets, rateLimitWait, seen);
    } catch (error) {
      if (seen.isCutOff && !(error instanceof NetworkError && error.hasAnswered))
        Object.assign(error as SendFailure, { isArrivalUnknown: true });
      // Cancelled while it waited for its first place (or refused before): nothing left.
      if (!seen.hasGoneOut) Object.assign(error as SendFailure, { isNeverSent: true });
      throw error;
    }
  }

  /**
   * The attempt loop; `seen.isCutOff` is set once an attempt's arrival is unknown, and
   * `seen.hasGoneOut` once an attempt is handed to the transport.
   */
  async function attemptAll(
    input: SendInput,
    prepared: PreparedRequest,
    context: AuthorizationContext,
    proxy: () => ProxySettings | undefined,
    knownSecrets: () => SecretMasker,
    rateLimitWait: { ms: number },
    seen: { isCutOff: boolean; hasGoneOut: boolean },
  ): Promise<{ response: TransportResponse; attempts: number; sent: PreparedRequest }> {
    const authorizer = authorizerFor(context.settings.type);
    const behaviour = input.integration.behaviour;
    let waitedMs = 0;
    let hasReauthorized = false;
    for (let attempt = 1; ; attempt += 1) {
      const sent = await authorizer.authorize(prepared, context);
      let outcome: AttemptOutcome;
      let response: TransportResponse | undefined;
      let failure: NetworkError | undefined;
      // Worked out at the first redirect only: most answers are not one.
      let policy: RedirectPolicy | undefined;
      // Every attempt takes a place; without limits or a pause it is there at once, no await.
      const taken = takePlace(deps.rateLimiter, input);
      const place = taken instanceof Promise ? await placeAfterWait(taken, input) : taken;
      rateLimitWait.ms += place.waitedMs;
      seen.hasGoneOut = true;
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
        if (error instanceof NetworkError && error.isCutOff) seen.isCutOff = true;
        if (!(error instanceof NetworkError) || error.code === 'ABORTED' || unsendableCodes.has(error.code))
          throw error;
        outcome = { kind: 'networkError', wasSent: error.wasSent };
        failure = Object.assign(error, { attempts: attempt });
        if (attempt >= behaviour.retry.maxAttempts) throw failure;
      } finally {
        place.release();
      }
      if (response?.status === 401 && !hasReauthorized && authorizer.onUnauthorized !== undefined) {
        hasReauthorized = true;
        if (await authorizer.onUnauthorized(context, sent)) continue;
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
        // The failure as the transport worded it (what failed, and where), with the attempts made.
        throw failure ?? new NetworkError('ENETWORK', 'The request failed and was not retried.', true);
      }
      await sleepAsAsked(input, decision, response?.headers['retry-after']);
      waitedMs += decision.delayMs;
    }
  }

  /**
   * The wait before a retry; one that Retry-After set is told as the integration's pause (the
   * request waits for it as the others do at the limiter), and its end once it is over.
   */
  async function sleepAsAsked(
    input: SendInput,
    decision: { delayMs: number; reason: string },
    retryAfter: string | undefined,
  ): Promise<void> {
    const onWait = input.onRateLimitWait;
    const isAsked = onWait !== undefined && retryAfter !== undefined && decision.reason === asRetryAfterSays;
    if (!isAsked) return sleep(decision.delayMs, input.signal);
    onWait({ kind: 'pause', integrationId: input.integrationId, until: now() + decision.delayMs });
    try {
      await sleep(decision.delayMs, input.signal);
    } finally {
      onWait(null);
    }
  }
  return { exchange, tokenEndpointFor };
}
