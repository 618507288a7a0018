/**
 * Test support: a throw-away PKI made with the openssl CLI in a temp dir — a CA, a server
 * certificate for 127.0.0.1, a client certificate signed by the CA (PEM, and PFX files with
 * today's and the legacy 3DES encryption), an encrypted client key, and a self-signed stranger.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The client key encrypted with `keyPassphrase`. */
  clientKeyEncrypted: string;
  /** Base64 PFX files (as the configuration stores them), both protected with `pfxPassphrase`. */
  clientPfx: string;
  clientPfxLegacy: string;
  /** Base64 PFX without a passphrase. */
  clientPfxUnprotected: string;
  strangerCert: string;
  strangerKey: string;
  keyPassphrase: string;
  pfxPassphrase: string;
  /** Removes the temp dir. */
  dispose(): void;
}

/** Makes every file with openssl (about a second); call dispose() in afterAll. */
export function makeTestCertificates(): TestCertificates {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-certs-'));
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const text = (name: string) => fs.readFileSync(path.join(directory, name), 'utf8');
  const base64 = (name: string) => fs.readFileSync(path.join(directory, name)).toString('base64');
  const keyPassphrase = 'key-pass-4711';
  const pfxPassphrase = 'pfx-pass-0815';

  const selfSigned = (name: string, subject: string) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      subject,
    );
  const signedByCa = (name: string, subject: string, extension: string) => {
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
    fs.writeFileSync(path.join(directory, `${name}.ext`), `${extension}\n`);
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
  };
  const pfx = (out: string, password: string, ...extra: string[]) =>
    openssl(
      'pkcs12',
      '-export',
      '-in',
      'client.pem',
      '-inkey',
      'client.key',
      '-out',
      out,
      '-passout',
      `pass:${password}`,
      ...extra,
    );

  selfSigned('ca', '/CN=Runbook Designer Test CA');
  signedByCa('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1');
  signedByCa('client', '/CN=runbook-client', 'extendedKeyUsage=clientAuth');
  selfSigned('stranger', '/CN=stranger');
  pfx('client.pfx', pfxPassphrase);
  pfx(
    'client-legacy.pfx',
    pfxPassphrase,
    '-certpbe',
    'PBE-SHA1-3DES',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
  );
  pfx('client-open.pfx', '', '-certpbe', 'NONE', '-keypbe', 'NONE');
  openssl(
    'pkey',
    '-in',
    'client.key',
    '-aes256',
    '-passout',
    `pass:${keyPassphrase}`,
    '-out',
    'client-encrypted.key',
  );

  return {
    caCert: text('ca.pem'),
    serverCert: text('server.pem'),
    serverKey: text('server.key'),
    clientCert: text('client.pem'),
    clientKey: text('client.key'),
    clientKeyEncrypted: text('client-encrypted.key'),
    clientPfx: base64('client.pfx'),
    clientPfxLegacy: base64('client-legacy.pfx'),
    clientPfxUnprotected: base64('client-open.pfx'),
    strangerCert: text('stranger.pem'),
    strangerKey: text('stranger.key'),
    keyPassphrase,
    pfxPassphrase,
    dispose: () => fs.rmSync(directory, { recursive: true, force: true }),
  };
}
