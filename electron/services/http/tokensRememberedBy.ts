/**
 * The token cache as one send sees it: every token the send read or wrote is kept for its
 * masker, because the cache may change while the send is out (Clear tokens, another request
 * renewing it) and the answer may still echo the token this send carried.
 */
import type { CachedToken, TokenStore } from './authorizer';

export function tokensRememberedBy(store: TokenStore, seen: Set<string>): TokenStore {
  const remember = (token: CachedToken | undefined) => {
    for (const value of [token?.accessToken, token?.refreshToken])
      if (value !== undefined && value !== '') seen.add(value);
    return token;
  };
  return {
    ...(store.key === undefined ? {} : { key: store.key }),
    read: () => remember(store.read()),
    write: (token) => {
      store.write(token);
      remember(token);
    },
    clear: () => store.clear(),
  };
}
