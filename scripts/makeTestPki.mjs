// Writes the test PKI that electron/services/http/authorizers/testSupport/testCertificates.ts
// reads: a CA, a server certificate for 127.0.0.1, a client certificate signed by the CA (PEM,
// and PFX files with today's and the legacy 3DES encryption), an encrypted client key, and a
// self-signed stranger. Made once and kept, so no test waits for RSA keys to be generated (four
// openssl key generations took 3 to 10 s on a busy machine). Valid for 100 years; run again
// (`node scripts/makeTestPki.mjs`) to replace them. Test keys only: nothing trusts this CA.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const target = path.join(root, 'electron/services/http/authorizers/testSupport/pki');
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-pki-'));
const openssl = (...args) =>
  execFileSync('openssl', args, { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] });
export const keyPassphrase = 'key-pass-4711';
export const pfxPassphrase = 'pfx-pass-0815';
const days = '36500';

const selfSigned = (name, subject) =>
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
    days,
    '-subj',
    subject,
  );
const signedByCa = (name, subject, extension) => {
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
    days,
    '-extfile',
    `${name}.ext`,
  );
};
const pfx = (out, password, ...extra) =>
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

fs.mkdirSync(target, { recursive: true });
for (const name of [
  'ca.pem',
  'server.pem',
  'server.key',
  'client.pem',
  'client.key',
  'client-encrypted.key',
  'client.pfx',
  'client-legacy.pfx',
  'client-open.pfx',
  'stranger.pem',
  'stranger.key',
])
  fs.copyFileSync(path.join(directory, name), path.join(target, name));
fs.rmSync(directory, { recursive: true, force: true });
console.log(`test PKI written to ${path.relative(root, target)}`);
