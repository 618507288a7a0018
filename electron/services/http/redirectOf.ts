/**
 * The generic part of following a redirect: which answers redirect, what the next request is,
 * and the usual credential headers dropped on the way to another origin. What an authorizer
 * added is the HTTP core's to remove (its redirect policy, see redirectCredentials.ts).
 */
import type { PreparedRequest } from './authorizer';

/** How many redirects one request follows before the last answer is returned as it is. */
export const maxRedirects = 5;
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The request to send after a redirect, or undefined when the answer is final:
 * 303 (and 301/302 after a POST) become a GET without body, 307/308 repeat the request, and the
 * usual credential headers never follow the request to another origin. That is only a defence in
 * depth: what an authorizer added is known to the HTTP core, whose redirect policy removes it all.
 */
export function redirectOf<T extends PreparedRequest>(
  request: T,
  status: number,
  location: string | undefined,
): T | undefined {
  if (location === undefined || ![301, 302, 303, 307, 308].includes(status)) return undefined;
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const isGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  const isCrossOrigin = url.origin !== request.url.origin;
  const dropped = new Set([
    ...(isCrossOrigin ? credentialHeaders : []),
    ...(isGet ? ['content-type', 'content-length'] : []),
  ]);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !dropped.has(name)));
  return {
    ...request,
    url,
    headers,
    method: isGet && request.method !== 'HEAD' ? 'GET' : request.method,
    body: isGet ? undefined : request.body,
  };
}
