/**
 * An outbound proxy's address and its password (PRODUCT.md §1 Behaviour). The password is a
 * secret: it is stored encrypted apart from the address, and put back into the address only by
 * the HTTP layer that connects. Plain text operations, no URL parser: the address may be half
 * typed, and whatever does not look like one is left as it is.
 */

/** scheme://, then the authority up to the first / ? or #, then the rest. */
const addressPattern = /^(https?:\/\/)([^/?#\s]*)(.*)$/is;

export interface SplitProxyAddress {
  /** The address without the password (a user name stays: it is not a secret). */
  url: string;
  /** The password written into the address, decoded; undefined when there was none. */
  password: string | undefined;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // A stray % is taken literally, as it was typed.
  }
}

/**
 * Takes a password out of `http://user:password@proxy:3128`. The authority ends at its last @,
 * as URL parsers read it, so a password holding an unencoded @ is still taken whole.
 */
export function splitProxyPassword(url: string): SplitProxyAddress {
  const match = addressPattern.exec(url);
  if (match === null) return { url, password: undefined };
  const [, scheme = '', authority = '', rest = ''] = match;
  const at = authority.lastIndexOf('@');
  if (at < 0) return { url, password: undefined };
  const userInfo = authority.slice(0, at);
  const host = authority.slice(at + 1);
  const colon = userInfo.indexOf(':');
  if (colon < 0) return { url, password: undefined };
  const user = userInfo.slice(0, colon);
  const password = decoded(userInfo.slice(colon + 1));
  return {
    url: `${scheme}${user === '' ? '' : `${user}@`}${host}${rest}`,
    password: password === '' ? undefined : password,
  };
}

/** The address a proxy agent connects with: the stored password written back in, encoded. */
export function withProxyPassword(url: string, password: string | undefined): string {
  if (password === undefined || password === '') return url;
  const match = addressPattern.exec(splitProxyPassword(url).url);
  if (match === null) return url;
  const [, scheme = '', authority = '', rest = ''] = match;
  const at = authority.lastIndexOf('@');
  const user = at < 0 ? '' : authority.slice(0, at);
  return `${scheme}${user}:${encodeURIComponent(password)}@${authority.slice(at + 1)}${rest}`;
}
