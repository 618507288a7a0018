/** Mutual TLS against a local HTTPS server that requires a client certificate (made with openssl). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSettingsSchema } from '../../../../shared/domain/authorization';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { createHttpCore } from '../httpCore';
import { createHttpTransport } from '../httpTransport';
import { configurationOf } from '../testSupport/fakeConfiguration';
import { listen, type LocalServer } from '../testSupport/localServers';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-mtls-'));
const file = (name: string) => path.join(directory, name);
const read = (name: string) => fs.readFileSync(file(name), 'utf8');
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: directory, stdio: 'ignore' });

let server: LocalServer;
const transport = createHttpTransport();
const core = createHttpCore({ transport, recordCall: () => undefined, openBrowser: () => Promise.resolve() });

beforeAll(async () => {
  // A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA.
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Test CA',
  );
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/CN=runbook-client'],
  ] as const) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    fs.writeFileSync(
      file(`${name}.ext`),
      name === 'server' ? 'subjectAltName=IP:127.0.0.1\n' : 'extendedKeyUsage=clientAuth\n',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  }
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'stranger.key',
    '-out',
    'stranger.pem',
    '-days',
    '2',
    '-subj',
    '/CN=stranger',
  );
  openssl(
    'pkcs12',
    '-export',
    '-in',
    'client.pem',
    '-inkey',
    'client.key',
    '-out',
    'client.pfx',
    '-passout',
    'pass:pfx-pass',
  );
  server = await listen(
    https.createServer(
      {
        key: read('server.key'),
        cert: read('server.pem'),
        ca: read('ca.pem'),
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
}, 30_000);

afterAll(async () => {
  transport.dispose();
  await server.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const send = (format: 'pem' | 'pfx', credentials: Record<string, string>) =>
  core.send({
    integrationId: 'i1',
    methodId: null,
    integration: integrationDefinitionSchema.parse({
      baseUrl: server.url.replace('http:', 'https:'),
      auth: authSettingsSchema.parse({ type: 'mtls', certificateFormat: format }),
      behaviour: { retry: { maxAttempts: 1 } },
    }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET', path: '/whoami' }),
    configuration: configurationOf(credentials),
    variables: {},
  });

describe('mutual TLS', () => {
  it('presents a PEM client certificate', async () => {
    const result = await send('pem', {
      certificate: read('client.pem'),
      privateKey: read('client.key'),
      ca: read('ca.pem'),
    });
    expect(result.error).toBeNull();
    expect(JSON.parse(result.response?.body ?? '{}')).toEqual({ client: 'runbook-client' });
  });

  it('presents a PFX client certificate with its passphrase', async () => {
    const result = await send('pfx', {
      pfx: fs.readFileSync(file('client.pfx')).toString('base64'),
      passphrase: 'pfx-pass',
      ca: read('ca.pem'),
    });
    expect(result.error).toBeNull();
    expect(result.response?.status).toBe(200);
  });

  it('is refused by the server with a certificate its CA did not sign', async () => {
    const result = await send('pem', {
      certificate: read('stranger.pem'),
      privateKey: read('stranger.key'),
      ca: read('ca.pem'),
    });
    expect(result.response).toBeNull();
    expect(result.error?.message).not.toMatch(/server certificate is not trusted/);
    expect(result.error?.message).toMatch(/^GET https:\/\/127\.0\.0\.1:\d+ failed/);
  });
});
