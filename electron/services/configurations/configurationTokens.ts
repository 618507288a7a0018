/**
 * A configuration's token cache: one sealed JSON object holding a token per set of authorization
 * settings (its slot, tokenSlotOf), bound to the configuration's credentials by `context`.
 */
import type { TokenRepository } from '../db/repositories/tokenRepository';
import { storageFaultOf } from '../db/storageFault';
import type { CachedToken, TokenCache } from '../http/authorizer';
import type { SecretStore } from '../secrets/secretStore';

type Slots = Record<string, CachedToken>;

export interface ConfigurationTokensDependencies {
  tokens: TokenRepository;
  secrets: SecretStore;
}

/**
 * The tokens in a sealed cache. Unreadable (other credentials, damaged) is as good as none: a new
 * token is fetched. So is a cache of the single-token format of earlier versions, which does not
 * say which settings its token was got with: each set of settings fetches its token once.
 */
function opened(deps: ConfigurationTokensDependencies, sealed: Buffer | undefined, context: string): Slots {
  if (sealed === undefined) return {};
  try {
    const cache = JSON.parse(deps.secrets.decrypt(sealed, context)) as { slots?: unknown };
    return typeof cache.slots === 'object' && cache.slots !== null ? (cache.slots as Slots) : {};
  } catch {
    return {};
  }
}

/** The expiry column: when the last token expires, as ISO text; null when one never does (or unknown). */
function expiryColumn(slots: Slots): string | null {
  const expiries = Object.values(slots).map((token) => new Date(token.expiresAt ?? Number.NaN).getTime());
  return expiries.some(Number.isNaN) ? null : new Date(Math.max(...expiries)).toISOString();
}

/** Ignores a full disk or a lock: the token is used now, just not kept; the next request fetches one. */
function unlessStorageFault(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (storageFaultOf(error) === undefined) throw error;
  }
}

export function configurationTokens(
  deps: ConfigurationTokensDependencies,
  configurationId: string,
  /** The credentials binding, computed when the cache is opened or sealed. */
  context: () => string,
): TokenCache {
  const change = (slot: string, token: CachedToken | undefined) => {
    unlessStorageFault(() => {
      deps.tokens.update(configurationId, (sealed) => {
        const sealedWith = context();
        const { [slot]: _replaced, ...others } = opened(deps, sealed, sealedWith);
        const slots: Slots = token === undefined ? others : { ...others, [slot]: token };
        if (Object.keys(slots).length === 0) return undefined;
        const ciphertext = deps.secrets.encrypt(JSON.stringify({ slots }), sealedWith);
        return { ciphertext, expiresAt: expiryColumn(slots) };
      });
    });
  };
  return {
    slot: (slot) => ({
      key: `${configurationId}:${slot}`,
      read: () => {
        const slots = opened(deps, deps.tokens.read(configurationId), context());
        return Object.hasOwn(slots, slot) ? slots[slot] : undefined;
      },
      write: (token) => change(slot, token),
      clear: () => change(slot, undefined),
    }),
  };
}
