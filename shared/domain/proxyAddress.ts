/**
 * An outbound proxy's address and its password (PRODUCT.md §1 Behaviour). The password is a
 * secret: it is stored encrypted apart from the address, and put back into the address only by
 * the HTTP layer that connects.
 *
 * What counts as a password is what a WHATWG URL parser reads (the transport's, undici's, is
 * one): it also finds one in `http:user:pw@host`, `http://user:pw<TAB>@host` or
 * `socks5://user:pw@host`, which look like no address. The address is kept as typed only when
 * the plain text split agrees with the parser; a half-typed address without `@` holds no
 * password and is left as it is.
 */

/**
 * The WHATWG URL class, a global of Node and of every browser alike. shared/ compiles with
 * neither Node's nor the DOM's types, so the part used here is declared.
 */
declare const URL: new (text: string) => {
  readonly protocol: string;
  readonly username: string;
  password: string;
  readonly host: string;
  readonly href: string;
};

/** scheme://, then the authority up to the first / ? or #, then the rest. */
const addressPattern = /^(https?:\/\/)([^/?#\s]*)(.*)$/is;

export interface SplitProxyAddress {
  /** The address without the password (a user name stays: it is not a secret). */
  url: string;
  /** The password written into the address, decoded; undefined when there was none. */
  password: string | undefined;
  /**
   * False when the address holds a user name or password the text cannot be split at cleanly:
   * `url` is then the parser's form of it without the password, or "" when the parser cannot
   * say where the password ends. To be refused where someone types it.
   */
  isClean: boolean;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // A stray % is taken literally, as it was typed.
  }
}

function parsed(text: string): InstanceType<typeof URL> | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** `http://user:password@proxy:3128` split as text: the authority ends at its last @. */
function splitAsText(text: string): Omit<SplitProxyAddress, 'isClean'> | undefined {
  const match = addressPattern.exec(text);
  if (match === null) return undefined;
  const [, scheme = '', authority = '', rest = ''] = match;
  const at = authority.lastIndexOf('@');
  if (at < 0) return { url: text, password: undefined };
  const userInfo = authority.slice(0, at);
  const host = authority.slice(at + 1);
  const colon = userInfo.indexOf(':');
  if (colon < 0) return { url: text, password: undefined };
  const user = userInfo.slice(0, colon);
  const password = decoded(userInfo.slice(colon + 1));
  return {
    url: `${scheme}${user === '' ? '' : `${user}@`}${host}${rest}`,
    password: password === '' ? undefined : password,
  };
}

/**
 * Takes a password out of `http://user:password@proxy:3128`, as the URL parser reads it (so a
 * password holding an unencoded @ is still taken whole).
 */
export function splitProxyPassword(text: string): SplitProxyAddress {
  // No @, no user information, whatever the parser makes of the rest.
  if (!text.includes('@')) return { url: text, password: undefined, isClean: true };
  const url = parsed(text);
  // Only http(s) is a proxy here; elsewhere a parser's reading is no guide to the text.
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return { url: '', password: undefined, isClean: false };
  const password = url.password === '' ? undefined : decoded(url.password);
  const asText = splitAsText(text);
  const left = asText === undefined ? undefined : parsed(asText.url);
  if (
    asText !== undefined &&
    asText.password === password &&
    left?.password === '' &&
    left.username === url.username &&
    left.host === url.host &&
    left.protocol === url.protocol
  )
    return { ...asText, isClean: true };
  url.password = '';
  return { url: url.href, password, isClean: false };
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
