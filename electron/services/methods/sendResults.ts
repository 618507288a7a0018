/** What a method send gives back when its request never left, and what a run's record adds to one that did: pure, so each is tested alone. */
import { AppError } from '../../../shared/api/appError';
import type { IntegrationDefinition } from '../../../shared/domain/integrationDefinition';
import type { RequestResult } from '../../../shared/domain/requestResult';
import type { ConfigurationAccess } from '../http/httpCore';

/** Where no configuration is stored (a replay on another machine): no credentials, no tokens. */
export const noConfiguration: ConfigurationAccess = {
  baseUrl: '',
  credentials: {
    get: () => undefined,
    require: (name) => {
      throw new AppError('invalid_input', `This request needs the credential "${name}".`, 'configuration');
    },
  },
  tokens: { slot: () => ({ read: () => undefined, write: () => undefined, clear: () => undefined }) },
  secretValues: () => [],
};

/** The result of a step whose request never left: nothing sent, the reason as the error. */
export const notSent = (error: NonNullable<RequestResult['error']>): RequestResult => ({
  request: null,
  response: null,
  outputs: [],
  durationMs: 0,
  attempts: 0,
  error,
});

/** Not sent because the step's record could not be put on disk first: the reason, worded for the run page. */
export function notSentWithoutRecord(error: unknown): RequestResult {
  const body =
    error instanceof AppError
      ? error.toBody()
      : { code: 'internal' as const, message: 'The step record could not be saved.' };
  return notSent({ ...body, message: `The request was not sent. ${body.message}` });
}

/**
 * A run's record of the request says how long it waited for its integration's rate limit and
 * whose limit that was ("waited 1.2 s for the rate limit of CRM" on the run page).
 */
export function withRateLimitWait(
  result: RequestResult,
  integrationName: () => string | undefined,
): RequestResult {
  const waitedMs = result.rateLimitWaitMs;
  if (waitedMs === undefined || result.request === null) return result;
  const rateLimitWait = { waitedMs, integrationName: integrationName() ?? 'its integration' };
  return { ...result, request: { ...result.request, rateLimitWait } };
}

/**
 * The configuration a rehearsal works a request out with: the stored one, or, when neither it
 * nor the integration fixes a base URL, one with `baseUrlIfNone` (no credentials if none is stored).
 */
export function rehearsalConfiguration(
  stored: ConfigurationAccess | null,
  integration: Pick<IntegrationDefinition, 'baseUrlMode'>,
  baseUrlIfNone: string | undefined,
): ConfigurationAccess | null {
  return baseUrlIfNone === undefined || (stored?.baseUrl ?? '') !== '' || integration.baseUrlMode === 'fixed'
    ? stored
    : { ...(stored ?? noConfiguration), baseUrl: baseUrlIfNone };
}
