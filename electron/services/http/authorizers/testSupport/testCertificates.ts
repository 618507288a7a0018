/**
 * Test support: a throw-away PKI — a CA, a server certificate for 127.0.0.1, a client certificate
 * signed by the CA (PEM, and PFX files with today's and the legacy 3DES encryption), an encrypted
 * client key, and a self-signed stranger. Made once by `node scripts/makeTestPki.mjs` and kept
 * in ./pki, so no test waits for RSA keys to be generated (3 to 10 s on a busy machine).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
}

const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pki');

/** Reads the test PKI (scripts/makeTestPki.mjs writes it, with these passphrases). */
export function loadTestCertificates(): TestCertificates {
  const text = (name: string) => fs.readFileSync(path.join(directory, name), 'utf8');
  const base64 = (name: string) => fs.readFileSync(path.join(directory, name)).toString('base64');
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
    keyPassphrase: 'key-pass-4711',
    pfxPassphrase: 'pfx-pass-0815',
  };
}
