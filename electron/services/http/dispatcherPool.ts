/**
 * Where a request goes and through which undici dispatcher: one per distinct proxy and TLS
 * setting, kept for reuse so connections stay alive across requests, and destroyed together
 * when the transport is disposed. A direct request goes through an `Agent`; through the
 * integration's outbound proxy, plain http is forwarded by absolute URL on an `Agent` connected
 * to the proxy (so the proxy's own answer, a 407 say, is the response, as before), and https is
 * tunnelled with CONNECT by a `ProxyAgent`.
 */
import crypto from 'node:crypto';
import tls from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { PreparedRequest } from './authorizer';

export interface ProxySettings {
  url: string;
  /** PEM; trusted for the proxy connection and for TLS through it (inspecting proxies). */
  caCertificate: string;
}

/** What picks a dispatcher: the target, the proxy and the client certificate material. */
export interface RouteChoice {
  url: URL;
  proxy?: ProxySettings | undefined;
  tls?: PreparedRequest['tls'];
}

/** How to send one request: the dispatcher, the origin and path it is addressed to, headers to add. */
export interface Route {
  dispatcher: Dispatcher;
  origin: string;
  path: string;
  /** For a proxy that forwards: the target's Host and the proxy's credentials. */
  proxyHeaders: Record<string, string> | undefined;
}

export interface DispatcherPool {
  /** The route for this request, its dispatcher created on first use. Throws for an unusable proxy URL. */
  routeFor(choice: RouteChoice): Route;
  /** Destroys every dispatcher and its connections. */
  destroy(): void;
}

/**
 * Timeouts of the client library, all beyond the longest a method may set (600 s): the
 * transport's own deadline covers the whole exchange, redirects included.
 */
const connectTimeoutMs = 600_000;
const connectionOptions = {
  headersTimeout: 0,
  bodyTimeout: 0,
  connectTimeout: connectTimeoutMs,
} as const;

export function createDispatcherPool(): DispatcherPool {
  const dispatchers = new Map<string, Dispatcher>();
  let direct: Dispatcher | undefined;
  const pooled = (key: string, create: () => Dispatcher) => {
    let dispatcher = dispatchers.get(key);
    if (dispatcher === undefined) {
      dispatcher = create();
      dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  };
  return {
    routeFor: (choice) => {
      const { url } = choice;
      const path = url.pathname + url.search;
      const proxyUrl = choice.proxy?.url ?? '';
      // The common case, no proxy and no client certificate, needs no hashing.
      if (choice.tls === undefined && proxyUrl === '')
        return {
          dispatcher: (direct ??= new Agent(connectionOptions)),
          origin: url.origin,
          path,
          proxyHeaders: undefined,
        };
      const key = dispatcherKey(choice);
      if (proxyUrl === '' || url.protocol === 'https:')
        return {
          dispatcher: pooled(key, () => createDispatcher(choice)),
          origin: url.origin,
          path,
          proxyHeaders: undefined,
        };
      const proxy = new URL(proxyUrl);
      return {
        dispatcher: pooled(`forward ${key}`, () => createForwarder(choice)),
        origin: proxy.origin,
        path: url.origin + path,
        proxyHeaders: forwardHeaders(proxy, url),
      };
    },
    destroy: () => {
      // destroy() also reports on a promise: nobody waits for it, so its outcome is dropped.
      for (const dispatcher of [...dispatchers.values(), ...(direct === undefined ? [] : [direct])])
        dispatcher.destroy().catch(() => undefined);
      dispatchers.clear();
      direct = undefined;
    },
  };
}

function dispatcherKey(choice: RouteChoice): string {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify([choice.proxy?.url ?? '', choice.proxy?.caCertificate ?? '']));
  const material = choice.tls;
  if (material !== undefined) {
    hash.update(
      JSON.stringify([material.cert ?? '', material.key ?? '', material.passphrase ?? '', material.ca ?? '']),
    );
    if (material.pfx !== undefined) hash.update(material.pfx);
  }
  return hash.digest('hex');
}

/** The target's Host, and the proxy's user and password (from its address) as Basic credentials. */
function forwardHeaders(proxy: URL, target: URL): Record<string, string> {
  if (proxy.username === '' && proxy.password === '') return { host: target.host };
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return {
    host: target.host,
    'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}`,
  };
}

/** TLS to an https proxy: the CA given with it added to the system's. */
function proxyTlsOf(choice: RouteChoice): tls.ConnectionOptions & { timeout: number } {
  const proxyCa = choice.proxy?.caCertificate ?? '';
  return {
    timeout: connectTimeoutMs,
    ...(proxyCa === '' ? {} : { ca: [proxyCa, ...tls.rootCertificates] }),
  };
}

/** Plain http through the proxy: connections to the proxy itself, requests in absolute form. */
function createForwarder(choice: RouteChoice): Dispatcher {
  return new Agent({ ...connectionOptions, connect: proxyTlsOf(choice) });
}

function createDispatcher(choice: RouteChoice): Dispatcher {
  const material = choice.tls ?? {};
  const proxyCa = choice.proxy?.caCertificate ?? '';
  const targetCa = [material.ca, proxyCa].filter((value): value is string => Boolean(value));
  const targetTls: tls.ConnectionOptions = {
    ...(material.cert === undefined ? {} : { cert: material.cert }),
    ...(material.key === undefined ? {} : { key: material.key }),
    ...(material.pfx === undefined ? {} : { pfx: material.pfx }),
    ...(material.passphrase === undefined ? {} : { passphrase: material.passphrase }),
    // Extra CAs add to the system's list rather than replace it.
    ...(targetCa.length === 0 ? {} : { ca: [...targetCa, ...tls.rootCertificates] }),
  };
  const proxyUrl = choice.proxy?.url ?? '';
  if (proxyUrl === '') return new Agent({ ...connectionOptions, connect: targetTls });
  return new ProxyAgent({
    ...connectionOptions,
    // The password in the address becomes a Basic Proxy-Authorization header on CONNECT only.
    uri: proxyUrl,
    proxyTls: proxyTlsOf(choice),
    requestTls: { timeout: connectTimeoutMs, ...targetTls },
  });
}
