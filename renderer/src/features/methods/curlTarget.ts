/**
 * Where a method pasted as cURL sends its request, decided against the integration's base URL:
 * - no base URL yet (one for every configuration): the command's origin becomes it;
 * - the same origin, or base URLs per configuration: the method's path is relative, as usual;
 * - another origin: the user is asked — keep the integration's base URL, or send this method to
 *   the command's host (its path becomes the full address).
 * A path under the base URL's own path (`/v1/tickets` below `https://api.example.com/v1`) loses
 * that prefix, so the request does not go to `/v1/v1/tickets`.
 */
import type { IntegrationDefinition } from '../../../../shared/domain/integrationDefinition';

/** What the paste does with the command's host. */
export type CurlTarget =
  | { kind: 'adoptOrigin' }
  /** `baseUrl`: the integration's (empty when each configuration has its own). */
  | { kind: 'relative'; baseUrl: string }
  | { kind: 'ask'; integrationBaseUrl: string; commandOrigin: string };

function originOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** What to do with a command whose URL has `commandOrigin`, for an integration defined so. */
export function curlTargetOf(definition: IntegrationDefinition | null, commandOrigin: string): CurlTarget {
  if (definition === null || definition.baseUrlMode !== 'fixed') return { kind: 'relative', baseUrl: '' };
  if (definition.baseUrl.trim() === '') return { kind: 'adoptOrigin' };
  return originOf(definition.baseUrl) === commandOrigin
    ? { kind: 'relative', baseUrl: definition.baseUrl }
    : { kind: 'ask', integrationBaseUrl: definition.baseUrl, commandOrigin };
}

/** `path` relative to the base URL: without the base URL's own path in front, if it has it. */
export function pathBelowBaseUrl(baseUrl: string, path: string): string {
  let basePath: string;
  try {
    basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  } catch {
    return path;
  }
  if (basePath === '' || !path.startsWith(`${basePath}/`)) return path;
  return path.slice(basePath.length);
}
