/**
 * Test support: two origins on 127.0.0.1 (two servers, so two ports) that record every request
 * they get, to see what follows a redirect from one to the other. Routes, on either origin:
 * - `/start/<status>`  → <status> to the other origin's `/landing`
 * - `/same/<status>`   → <status> to this origin's `/landing`
 * - `/bounce/<status>` → <status> to the other origin's `/back/<status>`
 * - `/back/<status>`   → <status> to the other origin's `/landing`
 * - `/token`           → a token answer (RFC 6749 §5.1)
 * - `/token-moved`     → 307 to the other origin's `/token`
 * - anything else      → 200
 * Every redirect keeps the query string, as many servers do, so a credential in the query would
 * reach the next hop unless the client takes it out.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { bodyOf, listenOnLoopback } from '../authorizers/testSupport/localServer';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The subject CN of the client certificate presented over TLS; null when none was. */
  clientCertificate: string | null;
  /** True when the TLS client certificate was verified against the server's CA. */
  isAuthorized: boolean;
}

export interface RecordingOrigin {
  url: string;
  seen: SeenRequest[];
}

export interface TwoOrigins {
  home: RecordingOrigin;
  foreign: RecordingOrigin;
  /** Forgets what was seen (call in beforeEach). */
  reset(): void;
  close(): Promise<void>;
}

/** Server TLS for https origins: both ask for a client certificate but accept a request without. */
export interface OriginTls {
  key: string;
  cert: string;
  ca: string;
}

const redirectPaths: Record<string, (other: string, status: string) => string> = {
  start: (other) => `${other}/landing`,
  same: () => '/landing',
  bounce: (other, status) => `${other}/back/${status}`,
  back: (other) => `${other}/landing`,
};

function handlerFor(origin: RecordingOrigin, other: () => string): http.RequestListener {
  return (request, response) => {
    void bodyOf(request).then((body) => {
      const socket = request.socket as Partial<TLSSocket>;
      // An empty object when the client presented no certificate.
      const peer = socket.getPeerCertificate?.() as Partial<PeerCertificate> | undefined;
      const commonName = peer?.subject?.CN;
      origin.seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: body.toString('utf8'),
        clientCertificate: typeof commonName === 'string' ? commonName : null,
        isAuthorized: socket.authorized === true,
      });
      const url = new URL(request.url ?? '/', origin.url);
      const [, route = '', status = '302'] = url.pathname.split('/');
      const target = redirectPaths[route];
      if (target !== undefined) {
        response.writeHead(Number(status), { location: `${target(other(), status)}${url.search}` }).end();
      } else if (route === 'token-moved') {
        response.writeHead(307, { location: `${other()}/token` }).end();
      } else if (route === 'token') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: `at-${crypto.randomUUID()}`, token_type: 'Bearer' }));
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"landed":true}');
      }
    });
  };
}

/** Starts both origins, over https when `tls` is given, else over http. */
export async function startTwoOrigins(tls?: OriginTls): Promise<TwoOrigins> {
  const home: RecordingOrigin = { url: '', seen: [] };
  const foreign: RecordingOrigin = { url: '', seen: [] };
  const create = (origin: RecordingOrigin, other: RecordingOrigin) => {
    const handler = handlerFor(origin, () => other.url);
    return tls === undefined
      ? http.createServer(handler)
      : https.createServer({ ...tls, requestCert: true, rejectUnauthorized: false }, handler);
  };
  const homeServer = await listenOnLoopback(create(home, foreign));
  const foreignServer = await listenOnLoopback(create(foreign, home));
  home.url = homeServer.url;
  foreign.url = foreignServer.url;
  return {
    home,
    foreign,
    reset: () => {
      home.seen.length = 0;
      foreign.seen.length = 0;
    },
    close: async () => {
      await homeServer.close();
      await foreignServer.close();
    },
  };
}
