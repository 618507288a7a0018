/**
 * What a base URL may be (PRODUCT.md §1, §2): an http:// or https:// address with a host, to
 * which methods' paths are appended. Anything else is refused where it is saved and shown as a
 * problem where a stored one is read: `127.0.0.1:18080` or `htp:/api` would only fail at the
 * first request. The integration and configuration services refuse with it; the window shows the
 * same message at the field. A user name or password in the address is refused in words that fit
 * whose address it is: an integration's goes into exported files, a configuration's does not, and
 * each says where such credentials go instead.
 */
import { isHostName, isIpv4Address, isIpv6Address } from './hostAddress';

/**
 * The WHATWG URL class, a global of Node and of every browser alike. shared/ compiles with
 * neither Node's nor the DOM's types, so the part used here is declared.
 */
declare const URL: new (text: string) => { readonly protocol: string; readonly hostname: string };

export interface BaseUrlProblem {
  /** What is wrong and what to do, for the person who typed it. */
  message: string;
  /** The address the person probably meant, when one can be told (`http://127.0.0.1:18080`). */
  suggestion?: string;
}

/**
 * Whose base URL is checked: the integration's one for all (Connection tab, exported with it) or a
 * configuration's own (never exported).
 */
export type BaseUrlOwner = 'integration' | 'configuration';

const startMessage = 'Base URL must start with http:// or https://';
/** A scheme, its colon and whatever slashes follow: `htp:/`, `https:`, `HTTP://`. */
const schemePattern = /^([a-z][a-z0-9+.-]*):(\/*)(.*)$/is;
/** `host:port/rest` or `host/rest`: an address typed without its scheme. */
const schemelessPattern = /^(\[[0-9a-f:.]+\]|[^\s:/?#[\]@]+)(:\d{1,5})?([/?#].*)?$/is;

/**
 * The problem of a base URL, or undefined when it will do. An empty one is no problem here (the
 * request then says there is no base URL); one that starts with a {{placeholder}} is decided
 * when the run fills it in. `owner` only changes the words of a refused user name or password.
 */
export function baseUrlProblem(text: string, owner: BaseUrlOwner): BaseUrlProblem | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('{{')) return undefined;
  const scheme = schemePattern.exec(trimmed);
  const [, name = '', slashes = '', rest = ''] = scheme ?? [];
  const lowerName = name.toLowerCase();
  if (scheme !== null && (lowerName === 'http' || lowerName === 'https') && slashes.length >= 2) {
    return hostProblem(trimmed, trimmed.slice(name.length + '://'.length), owner);
  }
  const suggestion = suggestedAddress(trimmed, scheme === null ? undefined : { lowerName, rest });
  return suggestion === undefined
    ? { message: `${startMessage}, e.g. https://api.example.com/v1.` }
    : { message: `${startMessage} — did you mean ${suggestion}?`, suggestion };
}

/**
 * The address without a user name or password written before its host (`https://user:pw@host/x`
 * → `https://host/x`); as it is when it has none, or is not an address with a scheme.
 */
export function withoutUserInfo(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0];
  if (scheme === undefined) return text;
  const authority = /^[^/?#]*/.exec(text.slice(scheme.length))?.[0] ?? '';
  const at = authority.lastIndexOf('@');
  return at === -1 ? text : `${scheme}${text.slice(scheme.length + at + 1)}`;
}

/**
 * The address with what stands before its @ (a user name, a password) shown as ••••: what the
 * window is given of one stored before such addresses were refused, so the password never
 * reaches it. Saved back as it is, it is refused like any address with a user name in it.
 */
export function withUserInfoMasked(text: string): string {
  const stripped = withoutUserInfo(text);
  if (stripped === text) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  return `${scheme}••••@${stripped.slice(scheme.length)}`;
}

/**
 * Why a base URL with a user name or password is refused, and where they go instead: a
 * configuration's Username and Password, the integration's Authorization being Basic. Names the
 * address without them, never what stood before the @.
 */
function userInfoMessage(suggestion: string, owner: BaseUrlOwner): string {
  const refused = 'Base URL holds a user name or password (before the @)';
  return owner === 'integration'
    ? `${refused}: an address is shown in run records and the call log and goes into exported files. ` +
        `Use ${suggestion}; for Basic sign-in, choose Basic (user and password) under Authorization and ` +
        "enter them as each configuration's Username and Password."
    : `${refused}: an address is shown in run records and the call log. Use ${suggestion}; for Basic ` +
        "sign-in, enter them as this configuration's Username and Password, with Basic (user and " +
        "password) chosen under Authorization on the integration's Connection tab.";
}

/** An http(s) address whose host is missing or does not parse (placeholders stand for a name). */
function hostProblem(text: string, afterScheme: string, owner: BaseUrlOwner): BaseUrlProblem | undefined {
  if (/^[/?#]|^$/.test(afterScheme)) return { message: 'Base URL needs a host name after the //.' };
  // user:password@host: an address is shown in run records and the call log (and an integration's
  // is exported).
  const suggestion = withoutUserInfo(text);
  if (suggestion !== text) return { message: userInfoMessage(suggestion, owner), suggestion };
  try {
    const url = new URL(text.replace(/\{\{[^}]*\}\}/g, 'x'));
    if (url.hostname !== '') return undefined;
  } catch {
    // Reported below.
  }
  return { message: 'Base URL is not a valid address: check the host name and port.' };
}

/**
 * The address someone meant: `http:/host` or `https:host` with its slashes, `htp://host` with the
 * scheme it is one letter off, `127.0.0.1:18080` or `api.example.com/v1` with a scheme in front
 * (http for a local or numeric address, https for a name).
 */
function suggestedAddress(
  text: string,
  scheme: { lowerName: string; rest: string } | undefined,
): string | undefined {
  // localhost:8080 reads as a scheme "localhost" followed by a port: it is an address.
  const isPort = scheme !== undefined && /^\d{1,5}(?:[/?#]|$)/.test(scheme.rest);
  if (scheme !== undefined && !isPort) {
    const meant = ['http', 'https'].includes(scheme.lowerName)
      ? scheme.lowerName
      : ['http', 'https'].find((candidate) => isOneEditAway(scheme.lowerName, candidate));
    return meant !== undefined && hostKindOf(scheme.rest) !== undefined
      ? `${meant}://${scheme.rest}`
      : undefined;
  }
  const kind = hostKindOf(text);
  return kind === undefined ? undefined : `${kind === 'local' ? 'http' : 'https'}://${text}`;
}

/** Whether `text` starts like an address without a scheme: a local or numeric host, or a name. */
function hostKindOf(text: string): 'local' | 'name' | undefined {
  const match = schemelessPattern.exec(text);
  if (match === null) return undefined;
  const host = (match[1] ?? '').replace(/^\[|\]$/g, '');
  if (host.toLowerCase() === 'localhost' || isIpv4Address(host) || isIpv6Address(host)) return 'local';
  return isHostName(host) && host.includes('.') ? 'name' : undefined;
}

/** True when `typed` is `meant` with at most one letter added, left out or changed. */
function isOneEditAway(typed: string, meant: string): boolean {
  if (typed === meant) return true;
  if (Math.abs(typed.length - meant.length) > 1) return false;
  let start = 0;
  while (start < typed.length && typed[start] === meant[start]) start += 1;
  const rest = (skipTyped: number, skipMeant: number) =>
    typed.slice(start + skipTyped) === meant.slice(start + skipMeant);
  return rest(1, 1) || rest(1, 0) || rest(0, 1);
}
