/**
 * Mutual TLS against an HTTPS server on 127.0.0.1 that requires a client certificate signed by its
 * CA (certificates made with openssl for the test): PEM and PFX client certificates pass, a
 * request without one or with a stranger's certificate is refused.
 */
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mtlsAuthorizer } from './mtlsAuthorizer';
import { listenOnLoopback, type LocalServer } from './testSupport/localServer';
import { preparedRequest, sendPrepared } from './testSupport/sendPrepared';
import { loadTestCertificates, type TestCertificates } from './testSupport/testCertificates';
import { testContext } from './testSupport/testAuthorizationContext';

let pki: TestCertificates;
let server: LocalServer;

beforeAll(async () => {
  pki = loadTestCertificates();
  server = await listenOnLoopback(
    https.createServer(
      {
        key: pki.serverKey,
        cert: pki.serverCert,
        ca: pki.caCert,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (request, response) => {
        const peer = (request.socket as TLSSocket).getPeerCertificate();
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ client: peer.subject.CN }));
      },
    ),
  );
}, 60_000);

afterAll(async () => {
  await server.close();
});

const authorize = (format: 'pem' | 'pfx', credentials: Record<string, string>) =>
  mtlsAuthorizer.authorize(
    preparedRequest(`${server.url}/whoami`),
    testContext({ type: 'mtls', certificateFormat: format }, credentials),
  );

describe('mutual TLS authorizer', () => {
  it('presents a PEM client certificate and key', async () => {
    const request = await authorize('pem', {
      certificate: pki.clientCert,
      privateKey: pki.clientKey,
      ca: pki.caCert,
    });
    const response = await sendPrepared(request);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ client: 'runbook-client' });
  });

  it('opens an encrypted PEM key with its passphrase', async () => {
    const request = await authorize('pem', {
      certificate: pki.clientCert,
      privateKey: pki.clientKeyEncrypted,
      passphrase: pki.keyPassphrase,
      ca: pki.caCert,
    });
    expect((await sendPrepared(request)).json).toEqual({ client: 'runbook-client' });
  });

  it.each([
    ['AES (today’s openssl default)', () => pki.clientPfx],
    ['legacy 3DES', () => pki.clientPfxLegacy],
  ])('presents a PFX client certificate encrypted with %s', async (_kind, pfx) => {
    const request = await authorize('pfx', { pfx: pfx(), passphrase: pki.pfxPassphrase, ca: pki.caCert });
    expect((await sendPrepared(request)).json).toEqual({ client: 'runbook-client' });
  });

  it('is refused by the server without a client certificate', async () => {
    const request = { ...preparedRequest(`${server.url}/whoami`), tls: { ca: pki.caCert } };
    await expect(sendPrepared(request)).rejects.toThrow();
  });

  it('is refused by the server with a certificate its CA did not sign', async () => {
    const request = await authorize('pem', {
      certificate: pki.strangerCert,
      privateKey: pki.strangerKey,
      ca: pki.caCert,
    });
    await expect(sendPrepared(request)).rejects.toThrow();
  });

  it('says the PFX passphrase is wrong, on the passphrase field', async () => {
    await expect(authorize('pfx', { pfx: pki.clientPfx, passphrase: 'not-it' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'passphrase',
    });
  });

  it('says an encrypted key needs its passphrase', async () => {
    await expect(
      authorize('pem', { certificate: pki.clientCert, privateKey: pki.clientKeyEncrypted }),
    ).rejects.toMatchObject({ field: 'passphrase' });
  });

  it('says when the key does not belong to the certificate', async () => {
    await expect(
      authorize('pem', { certificate: pki.clientCert, privateKey: pki.strangerKey }),
    ).rejects.toMatchObject({
      field: 'privateKey',
      message: expect.stringContaining('does not belong') as unknown,
    });
  });

  it('says when the CA is not a certificate', async () => {
    await expect(
      authorize('pem', { certificate: pki.clientCert, privateKey: pki.clientKey, ca: 'not a certificate' }),
    ).rejects.toMatchObject({ field: 'ca' });
  });

  it('names the missing certificate', async () => {
    await expect(authorize('pem', { privateKey: pki.clientKey })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'certificate',
    });
  });

  it('lists the key, the PFX and the passphrase for masking, and never puts them in a message', async () => {
    const context = testContext(
      { type: 'mtls', certificateFormat: 'pfx' },
      { pfx: pki.clientPfx, passphrase: pki.pfxPassphrase },
    );
    expect(mtlsAuthorizer.secretsOf(context)).toEqual(
      expect.arrayContaining([pki.clientPfx, pki.pfxPassphrase]),
    );
    const error = await authorize('pfx', { pfx: pki.clientPfx, passphrase: 'wrong-pass' }).catch(
      (e: unknown) => e,
    );
    expect(String((error as Error).message)).not.toContain('wrong-pass');
  });
});
