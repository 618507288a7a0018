/**
 * The private key inside a PFX (PKCS#12) file, as a node:crypto KeyObject. Node can load a PFX
 * into a TLS context but cannot hand its key out (crypto.createPrivateKey takes no PKCS#12), so
 * node-forge parses the container: MAC check, PBES2/AES or legacy 3DES key bags, unencrypted bags.
 */
import crypto from 'node:crypto';
import type Forge from 'node-forge';
import { AppError } from '../../../../shared/api/appError';

/**
 * node-forge, loaded the first time a PFX is read: imported at the top, its evaluation cost every
 * start of the app, `serve` and the CLI some 9 ms, for a file few integrations use.
 */
let loaded: typeof Forge | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used, see above
const forgeLibrary = (): typeof Forge => (loaded ??= require('node-forge') as typeof Forge);

/** PKCS#12 bag types (RFC 7292 §4.2): a plain and an encrypted PKCS#8 private key. */
const keyBag = '1.2.840.113549.1.12.10.1.1';
const pkcs8ShroudedKeyBag = '1.2.840.113549.1.12.10.1.2';

const invalid = (message: string, field: string) => new AppError('invalid_input', message, field);

function parsePfx(pfxBase64: string, passphrase: string): Forge.pkcs12.Pkcs12Pfx {
  const forge = forgeLibrary();
  let asn1: Forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(Buffer.from(pfxBase64, 'base64').toString('binary'));
  } catch {
    throw invalid('The PFX file is not a readable PKCS#12 file.', 'signingKey');
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/MAC could not be verified|wrong password|decrypt/i.test(message)) {
      throw invalid('The passphrase does not open the PFX file (missing or wrong).', 'passphrase');
    }
    throw invalid('The PFX file is not a readable PKCS#12 file.', 'signingKey');
  }
}

/** Reads the first private key of a base64-encoded PFX, decrypting it with the passphrase ('' for none). */
export function privateKeyFromPfx(pfxBase64: string, passphrase: string): crypto.KeyObject {
  const pfx = parsePfx(pfxBase64, passphrase);
  const bags = [
    ...(pfx.getBags({ bagType: pkcs8ShroudedKeyBag })[pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: keyBag })[keyBag] ?? []),
  ];
  const bag = bags[0];
  if (bag === undefined) throw invalid('The PFX file holds no private key.', 'signingKey');
  // node-forge decodes RSA keys; any other kind stays as its PKCS#8 structure in bag.asn1.
  if (bag.key !== undefined && bag.key !== null) {
    return crypto.createPrivateKey(forgeLibrary().pki.privateKeyToPem(bag.key));
  }
  if (bag.asn1 !== undefined) {
    const der = Buffer.from(forgeLibrary().asn1.toDer(bag.asn1).getBytes(), 'binary');
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  }
  throw invalid('The PFX file holds no readable private key.', 'signingKey');
}
