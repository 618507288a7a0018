/** AES-256-GCM with a random 96-bit nonce: version(1) ‖ nonce(12) ‖ tag(16) ‖ ciphertext. */
import crypto from 'node:crypto';

const formatVersion = 1;
const nonceLength = 12;
const tagLength = 16;

export function seal(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  const nonce = crypto.randomBytes(nonceLength);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(formatVersion), nonce, cipher.getAuthTag(), body]);
}

/** Throws when the key, the associated data or any byte differs from what was sealed. */
export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  if (sealed.length < 1 + nonceLength + tagLength || sealed[0] !== formatVersion) {
    throw new Error('not a sealed value');
  }
  const nonce = sealed.subarray(1, 1 + nonceLength);
  const tag = sealed.subarray(1 + nonceLength, 1 + nonceLength + tagLength);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + nonceLength + tagLength)), decipher.final()]);
}
