/** How a request's wait for its integration's rate limit reads in the call log and a run's records. */

/** "waited 1.2 s for the rate limit" (of the integration named, where the context does not say). */
export function rateLimitWaitText(waitedMs: number, integrationName?: string): string {
  const seconds = waitedMs < 10_000 ? (waitedMs / 1000).toFixed(1) : String(Math.round(waitedMs / 1000));
  const whose = integrationName === undefined ? '' : ` of ${integrationName}`;
  return `waited ${seconds} s for the rate limit${whose}`;
}
