/** Which gates of a request the data folder's limiter holds (folderRateLimiter.ts), and with which limits: pure. */
import { hasRateLimits } from '../../../shared/domain/rateLimits';
import type { FolderGate } from '../db/repositories/rateLimitPlaceRepository';
import { NetworkError } from './networkError';
import type { RateLimitedRequest, RateLimiter } from './rateLimiter';

/** What reads an owner's limits as saved now (RateLimiter.limitsChanged's argument). */
export type LimitsReader = Parameters<NonNullable<RateLimiter['limitsChanged']>>[0];

/** Why a request cancelled while it waited for its place was not sent. */
export const cancelled = () =>
  new NetworkError('ABORTED', 'The run was cancelled while its request waited for the rate limit.', false);

/** The gates with limits a request passes, its configuration's first (as rateLimiter.ts orders them). */
export function folderGatesOf(request: RateLimitedRequest): FolderGate[] {
  const gates: FolderGate[] = [];
  const configuration = request.configuration;
  if (configuration !== undefined && hasRateLimits(configuration.limits))
    gates.push({ key: `configuration:${configuration.id}`, limits: configuration.limits });
  if (hasRateLimits(request.integrationLimits))
    gates.push({ key: `integration:${request.integrationId}`, limits: request.integrationLimits });
  return gates;
}

/** The request with its owners' limits as saved now (an owner gone keeps the limits it had). */
export function withLimitsNow(request: RateLimitedRequest, current: LimitsReader): RateLimitedRequest {
  const integration = current({ kind: 'integration', id: request.integrationId });
  const configuration = request.configuration;
  const saved =
    configuration === undefined ? undefined : current({ kind: 'configuration', id: configuration.id });
  return {
    ...request,
    integrationLimits:
      integration === undefined ? request.integrationLimits : (integration.limits ?? undefined),
    configuration:
      configuration === undefined || saved === undefined
        ? configuration
        : { ...configuration, limits: saved.limits },
  };
}
