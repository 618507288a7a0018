/**
 * The outbound proxy through the real transport: a proxy password goes to the proxy alone and
 * never into a message, the proxy's refusal is the response, an https proxy is trusted through the CA
 * given with it, and a client certificate reaches the server through the tunnel.
 */
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProxyPassword } from '../../../shared/domain/proxyAddress';
import { loadTestCertificates, type TestCertificates } from './authorizers/testSupport/testCertificates';
import { createHttpTransport, type TransportRequest } from './httpTransport';
import { listen, startForwardProxy, type ForwardProxy, type LocalServer } from './testSupport/localServers';

const password = 'proxy-secret-5150';
const transport = createHttpTransport();
let pki: TestCertificates;
let plain: LocalServer;
let secure: LocalServer;
let proxy: ForwardProxy;
const seenByTargets: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  pki = loadTestCertificates();
  const answer: http.RequestListener = (request, response) => {
    seenByTargets.push(request.headers);
    const peer = (request.socket as Partial<TLSSocket>).getPeerCertificate?.();
    response.end(`hello ${peer?.subject?.CN ?? 'stranger'}`);
  };
  plain = await listen(http.createServer(answer));
  secure = await listen(
    https.createServer(
      {
        key: pki.serverKey,
        cert: pki.serverCert,
        ca: pki.caCert,
        requestCert: true,
        rejectUnauthorized: false,
      },
      answer,
    ),
  );
  proxy = await startForwardProxy({ password });
}, 60_000);

afterAll(async () => {
  transport.dispose();
  await proxy.close();
  await plain.close();
  await secure.close();
});

const httpsTarget = () => `https://127.0.0.1:${String(secure.port)}/inside`;

function through(proxyUrl: string, url: string, extra: Partial<TransportRequest> = {}): TransportRequest {
  return {
    method: 'GET',
    url: new URL(url),
    headers: {},
    body: undefined,
    timeoutMs: 5_000,
    proxy: { url: proxyUrl, caCertificate: pki.caCert },
    ...extra,
  };
}

describe('a proxy password', () => {
  it('is sent to the proxy, for plain http and for a tunnel, and never to the server', async () => {
    proxy.authorizations.length = 0;
    const address = withProxyPassword(proxy.url.replace('//', '//ops@'), password);
    const forwarded = await transport.send(through(address, `${plain.url}/open`));
    const tunnelled = await transport.send(through(address, httpsTarget()));
    expect([forwarded.body.toString(), tunnelled.body.toString()]).toEqual([
      'hello stranger',
      'hello stranger',
    ]);
    const expected = `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;
    expect(proxy.authorizations).toEqual([expected, expected]);
    expect(JSON.stringify(seenByTargets)).not.toContain(Buffer.from(`ops:${password}`).toString('base64'));
  });

  it("when refused, gives the proxy's answer as the response, without repeating the password", async () => {
    const wrong = 'wrong-secret-8642';
    const address = withProxyPassword(proxy.url.replace('//', '//ops@'), wrong);
    for (const url of [`${plain.url}/open`, httpsTarget()]) {
      const response = await transport.send(through(address, url));
      expect(response.status, url).toBe(407);
      expect(JSON.stringify(response), url).not.toContain(wrong);
    }
  });
});

describe('through the proxy', () => {
  it('presents the client certificate to the server at the end of the tunnel', async () => {
    const address = withProxyPassword(proxy.url.replace('//', '//ops@'), password);
    const response = await transport.send(
      through(address, httpsTarget(), { tls: { cert: pki.clientCert, key: pki.clientKey } }),
    );
    expect(response.body.toString()).toBe('hello runbook-client');
  });

  it('reaches an https proxy through the CA given with it, and only then', async () => {
    const secureProxy = await startForwardProxy({ tls: { key: pki.serverKey, cert: pki.serverCert } });
    try {
      const response = await transport.send(through(secureProxy.url, `${plain.url}/via-tls`));
      expect(response.body.toString()).toBe('hello stranger');
      expect(secureProxy.relayed).toEqual([`GET ${plain.url}/via-tls`]);
      const untrusted = await transport
        .send({
          ...through(secureProxy.url, `${plain.url}/via-tls`),
          proxy: { url: secureProxy.url, caCertificate: '' },
        })
        .catch((caught: unknown) => caught);
      expect((untrusted as Error).message).toMatch(/not trusted/);
    } finally {
      await secureProxy.close();
    }
  });
});
