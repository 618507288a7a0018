/** With which limits the data folder's limiter (folderRateLimiter.ts) holds a request's gates: pure. */
import type { LimitsReader, RateLimitedRequest } from './rateLimiter';

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
