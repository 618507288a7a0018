/**
 * undici dispatchers, one per distinct proxy and TLS setting, kept for reuse so connections stay
 * alive across requests, and destroyed together when the transport is disposed. A direct
 * request goes through an `Agent`; one through the integration's outbound proxy through a
 * `ProxyAgent`, forwarding plain http by absolute URL and tunnelling https with CONNECT.
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

/** What picks a dispatcher: the proxy and the client certificate material. */
export interface DispatcherChoice {
  proxy?: ProxySettings | undefined;
  tls?: PreparedRequest['tls'];
}

export interface DispatcherPool {
  /** The dispatcher for these settings, created on first use. Throws if the proxy URL is unusable. */
  dispatcherFor(choice: DispatcherChoice): Dispatcher;
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
  return {
    dispatcherFor: (choice) => {
      // The common case, no proxy and no client certificate, needs no hashing.
      if (choice.tls === undefined && (choice.proxy === undefined || choice.proxy.url === ''))
        return (direct ??= new Agent(connectionOptions));
      const key = dispatcherKey(choice);
      let dispatcher = dispatchers.get(key);
      if (dispatcher === undefined) {
        dispatcher = createDispatcher(choice);
        dispatchers.set(key, dispatcher);
      }
      return dispatcher;
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

function dispatcherKey(choice: DispatcherChoice): string {
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

function createDispatcher(choice: DispatcherChoice): Dispatcher {
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
    // The password in the address becomes a Basic Proxy-Authorization header sent to the proxy only.
    uri: proxyUrl,
    // Plain http is forwarded by absolute URL, as browsers and http-proxy-agent do.
    proxyTunnel: false,
    proxyTls: {
      timeout: connectTimeoutMs,
      ...(proxyCa === '' ? {} : { ca: [proxyCa, ...tls.rootCertificates] }),
    },
    requestTls: { timeout: connectTimeoutMs, ...targetTls },
  });
}
