/**
 * A wait the rate limiter tells by ids (shared/domain/rateLimitWait.ts), by the names a window
 * shows: the integration's, and the configuration's when its own limits hold the request.
 */
import type { RateLimitWait, RateLimitWaitNote } from '../../../shared/domain/rateLimitWait';

export interface WaitNames {
  integration(integrationId: string): string | undefined;
  configuration(configurationId: string): string | undefined;
}

export function createRateLimitWaitNotes(names: WaitNames): (wait: RateLimitWait) => RateLimitWaitNote {
  return (wait) => {
    // Deleted meanwhile: the wait is still told, without the name.
    const integrationName = names.integration(wait.integrationId) ?? 'its integration';
    if (wait.kind === 'pause')
      return { kind: 'pause', integrationName, until: new Date(wait.until).toISOString() };
    const configurationName =
      wait.configurationId === null
        ? null
        : (names.configuration(wait.configurationId) ?? 'its configuration');
    return { kind: 'limit', integrationName, configurationName, limits: wait.limits };
  };
}
