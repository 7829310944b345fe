import { createHmac, hkdfSync, scrypt, timingSafeEqual } from 'node:crypto';

export type KdfName = 'hkdf-sha256' | 'scrypt';

/** A key-encryption key and the fingerprint stored beside the records it protects. */
export interface DerivedKek {
  key: Buffer;
  kdf: KdfName;
  /** HMAC of a fixed label under the key: identifies the key, reveals nothing about it. */
  fingerprint: string;
}

/** scrypt cost for passphrases: N = 2^17, r = 8, p = 1 needs 128 * N * r = 128 MiB. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } as const;
const HKDF_INFO = 'prst/vault/kek/v1';
const FINGERPRINT_LABEL = 'prst/vault/kek-fingerprint/v1';

/**
 * The secret's bytes when it is at least 32 random bytes written as hex or base64 (as
 * `openssl rand -hex 32` or `-base64 32` print), otherwise undefined: then it is a passphrase and
 * needs a slow KDF. "Random" is judged from the alphabet in use, since a long word written without
 * spaces can look like base64.
 */
export function randomSecretBytes(secret: string): Buffer | undefined {
  const text = secret.trim();
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 && text.length >= 64 && new Set(text.toLowerCase()).size >= 10) {
    return Buffer.from(text, 'hex');
  }
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/.test(text) || /^[A-Za-z0-9_-]+={0,2}$/.test(text);
  if (base64 && /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text) && new Set(text).size >= 20) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length >= 32) return bytes;
  }
  return undefined;
}

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, 32, SCRYPT_PARAMS, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function kekFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update(FINGERPRINT_LABEL).digest('hex').slice(0, 32);
}

/** Constant-time comparison of two fingerprints. */
export function sameFingerprint(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Derives the KEK of `secret` with the installation's `salt`: HKDF-SHA256 for random secrets,
 * scrypt for passphrases. scrypt costs a few hundred milliseconds and 128 MiB: derive once at start.
 */
export async function deriveKek(secret: string, salt: Buffer): Promise<DerivedKek> {
  if (salt.length < 16) throw new Error('the KDF salt must be at least 16 bytes');
  const random = randomSecretBytes(secret);
  const key = random
    ? Buffer.from(hkdfSync('sha256', random, salt, HKDF_INFO, 32))
    : await scryptAsync(secret, salt);
  return { key, kdf: random ? 'hkdf-sha256' : 'scrypt', fingerprint: kekFingerprint(key) };
}
