/**
 * Test support: oauth2-mock-server on 127.0.0.1 with its token and authorize requests recorded
 * (through its beforeResponse / beforeAuthorizeRedirect events), an API on 127.0.0.1 that
 * verifies the issued JWTs with jose against the issuer's keys, and a test "browser" that follows
 * the authorize redirect to the loopback receiver as a real browser would.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';
import { listenOnLoopback } from './localServer';

export interface BrowserTampering {
  /** Changes the authorize URL before the browser goes there. */
  authorize?: (url: URL) => void;
  /** Changes the redirect before the browser follows it to the loopback receiver. */
  redirect?: (url: URL) => void;
}

export interface OAuth2TestIssuer {
  tokenUrl: string;
  authorizeUrl: string;
  /** The API: 200 with the token's `sub` for a valid, unrevoked token, else 401. */
  apiUrl: string;
  /** Token requests answered, each with the client's Authorization header ('' when none). */
  tokenRequests: Record<string, string>[];
  /** Authorize requests redirected, as their query parameters. */
  authorizeRequests: Record<string, string>[];
  /** Pages the loopback receiver showed the browser. */
  browserPages: string[];
  /** Tokens the API refuses from now on. */
  revoked: Set<string>;
  browser(tampering?: BrowserTampering): (url: string) => Promise<void>;
  /** Makes the next token answer a refusal: `body`, or what it makes of the request's fields. */
  refuseNextToken(
    body: Record<string, string> | ((fields: Record<string, string>) => Record<string, string>),
    status?: number,
  ): void;
  /** Makes the next token answer carry no expires_in. */
  omitNextExpiry(): void;
  /** Forgets what was recorded (call in beforeEach). */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts the issuer and the API; stop() closes both. */
export async function startOAuth2TestIssuer(): Promise<OAuth2TestIssuer> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const issuerUrl = server.issuer.url ?? '';
  const state: Pick<OAuth2TestIssuer, 'tokenRequests' | 'authorizeRequests' | 'browserPages' | 'revoked'> = {
    tokenRequests: [],
    authorizeRequests: [],
    browserPages: [],
    revoked: new Set(),
  };
  server.service.on('beforeResponse', (_response, request) => {
    const body = request.body as Record<string, string>;
    state.tokenRequests.push({ ...body, authorization: request.headers.authorization ?? '' });
  });
  // Real servers make every token unique; the mock's would repeat within one second.
  server.service.on('beforeTokenSigning', (token) => {
    token.payload.jti = crypto.randomUUID();
  });
  server.service.on('beforeAuthorizeRedirect', (_redirect, request) => {
    state.authorizeRequests.push(Object.fromEntries(new URL(request.url ?? '', 'http://x').searchParams));
  });

  const keys = createLocalJWKSet({ keys: server.issuer.keys.toJSON() });
  const api = await listenOnLoopback(
    http.createServer((request, response) => {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      jwtVerify(token, keys, { issuer: issuerUrl })
        .then(({ payload }) => {
          if (state.revoked.has(token)) throw new Error('revoked');
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ sub: payload.sub }));
        })
        .catch(() => response.writeHead(401).end());
    }),
  );

  return {
    ...state,
    tokenUrl: `${issuerUrl}/token`,
    authorizeUrl: `${issuerUrl}/authorize`,
    apiUrl: api.url,
    browser:
      (tampering = {}) =>
      async (authorizeUrl) => {
        const url = new URL(authorizeUrl);
        tampering.authorize?.(url);
        const answer = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
        const location = answer.headers.get('location');
        if (location === null)
          throw new Error(`The authorize endpoint did not redirect (${String(answer.status)})`);
        const redirect = new URL(location);
        tampering.redirect?.(redirect);
        const page = await fetch(redirect, { signal: AbortSignal.timeout(10_000) });
        state.browserPages.push(await page.text());
      },
    refuseNextToken: (body, status = 400) => {
      server.service.once('beforeResponse', (response, request) => {
        response.statusCode = status;
        response.body = typeof body === 'function' ? body(request.body as Record<string, string>) : body;
      });
    },
    omitNextExpiry: () => {
      server.service.once('beforeResponse', (response) => {
        if (typeof response.body === 'object') delete response.body.expires_in;
      });
    },
    reset: () => {
      state.tokenRequests.length = 0;
      state.authorizeRequests.length = 0;
      state.browserPages.length = 0;
      state.revoked.clear();
    },
    stop: async () => {
      await api.close();
      await server.stop();
    },
  };
}
