/**
 * The redirect policy of the HTTP core: whatever an authorizer added to a request — headers,
 * query parameters, client-certificate material — stays with the origin (scheme, host, port) it
 * was added for. The additions are learnt by comparing the request before and after authorize(),
 * so a new authorization type cannot forget to declare them.
 *
 * Once dropped they stay dropped: each hop starts from the request of the hop before, so a
 * redirect back to the first origin after a foreign hop does not bring them back (the foreign
 * host chose that redirect). The body is the user's data and follows a 307/308 as before (only
 * its signature stays behind), unless it carries a secret the core knows (below).
 *
 * The secrets the core knows but no authorizer added — a configuration secret or a webhook's
 * credential written into a method's header or query, the configuration's own secrets, the proxy
 * password — stay too: a header, query parameter or userinfo that carries one is dropped on the
 * same hop. "Carries" is what the masker masks, so what the record shows as •••• never reaches
 * another origin (and, like the masker, a secret under 4 characters is not looked for). A hop
 * whose path or re-posted body carries one is not followed at all.
 */
import type { PreparedRequest, RedirectPolicy } from './authorizer';
import type { SecretMasker } from './secretMasking';

type TlsMaterial = NonNullable<PreparedRequest['tls']>;

/** The client-certificate fields of `tls`; the CA is trust, not a credential, and may follow. */
const credentialTlsFields = ['cert', 'key', 'pfx', 'passphrase'] as const;

/** What an authorizer added to (or changed in) a request. */
export interface AuthorizerAdditions {
  /** Lower-case header names. */
  headers: string[];
  /** Values of the query parameters it set. */
  queryValues: string[];
  tls: (typeof credentialTlsFields)[number][];
}

/** Values shorter than this are matched whole only: a short one would be found in any text. */
const minimumSearchedLength = 4;

/** Compares the request before and after authorize(). */
export function additionsOf(before: PreparedRequest, after: PreparedRequest): AuthorizerAdditions {
  const beforeQuery = new Set([...before.url.searchParams].map((entry) => JSON.stringify(entry)));
  return {
    headers: Object.keys(after.headers).filter((name) => after.headers[name] !== before.headers[name]),
    queryValues: [...after.url.searchParams]
      .filter((entry) => !beforeQuery.has(JSON.stringify(entry)))
      .map(([, value]) => value)
      .filter((value) => value !== ''),
    tls: credentialTlsFields.filter(
      (field) => after.tls?.[field] !== undefined && after.tls[field] !== before.tls?.[field],
    ),
  };
}

/**
 * The URL without query parameters that carry an added value — wherever the previous hop put
 * it in its Location (a redirect often repeats the query, sometimes under another name).
 */
function urlWithout(url: URL, values: readonly string[]): URL {
  const carries = (value: string) =>
    values.some(
      (added) => value === added || (added.length >= minimumSearchedLength && value.includes(added)),
    );
  const entries = [...url.searchParams];
  const kept = entries.filter(([, value]) => !carries(value));
  if (kept.length === entries.length) return url;
  const stripped = new URL(url);
  stripped.search = new URLSearchParams(kept).toString();
  return stripped;
}

function tlsWithout(tls: TlsMaterial, fields: AuthorizerAdditions['tls']): TlsMaterial | undefined {
  const kept = Object.fromEntries(
    Object.entries(tls).filter(([field]) => !(fields as readonly string[]).includes(field)),
  ) as TlsMaterial;
  return Object.keys(kept).length === 0 ? undefined : kept;
}

/** The request without the additions. */
export function withoutAdditions<T extends PreparedRequest>(request: T, additions: AuthorizerAdditions): T {
  const next = {
    ...request,
    url: urlWithout(request.url, additions.queryValues),
    headers: Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !additions.headers.includes(name)),
    ),
  };
  const tls = request.tls === undefined ? undefined : tlsWithout(request.tls, additions.tls);
  if (tls === undefined) delete next.tls;
  else next.tls = tls;
  return next;
}

/** Percent-decoded, or as it is when it is not valid percent-encoding. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The request without any header, query parameter or userinfo in which `mask` finds a secret,
 * as written or once percent-decoded (the masker also knows the encoded forms).
 */
export function withoutSecrets<T extends PreparedRequest>(request: T, mask: SecretMasker): T {
  const carries = (text: string) => mask.text(text) !== text;
  const url = new URL(request.url);
  const carriesEncoded = (text: string) => carries(text) || carries(decoded(text));
  // Raw name=value pairs, so the parameters kept are sent exactly as they were written.
  const pairs = url.search.slice(1).split('&');
  const kept = pairs.filter((pair) => !carriesEncoded(pair));
  if (kept.length !== pairs.length) url.search = kept.join('&');
  if ([url.username, url.password].some(carriesEncoded)) {
    // The pair is one credential: a user name without its password is no use to the next host.
    url.username = '';
    url.password = '';
  }
  return {
    ...request,
    url: url.href === request.url.href ? request.url : url,
    headers: Object.fromEntries(Object.entries(request.headers).filter(([, value]) => !carries(value))),
  };
}

/**
 * Follows every redirect; strips the additions, and whatever carries one of the secrets the core
 * knows (read only when a hop leaves its origin), from a hop that leaves the origin it comes from.
 */
export function redirectPolicyFor(
  additions: AuthorizerAdditions,
  knownSecrets: () => SecretMasker,
): RedirectPolicy {
  return (next, from) => {
    if (next.url.origin === from.origin) return next;
    const mask = knownSecrets();
    // A secret in the path, or in a body a 307/308 would re-post, cannot be taken out without
    // sending another request than the one asked for: that hop is not followed at all (the
    // redirect answer is the result).
    if (carriesInPathOrBody(next, mask)) return undefined;
    return withoutSecrets(withoutAdditions(next, additions), mask);
  };
}

function carriesInPathOrBody(request: PreparedRequest, mask: SecretMasker): boolean {
  const carries = (text: string) => mask.text(text) !== text;
  const path = request.url.pathname;
  if (carries(path) || carries(decoded(path))) return true;
  return request.body !== undefined && carries(Buffer.from(request.body).toString('utf8'));
}

/** Follows redirects within the origin only: for requests that are all credential (token grants). */
export function sameOriginOnly(onRefused: (to: URL) => void): RedirectPolicy {
  return (next, from) => {
    if (next.url.origin === from.origin) return next;
    onRefused(next.url);
    return undefined;
  };
}
