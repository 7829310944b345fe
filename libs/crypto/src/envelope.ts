import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

const ALGORITHM = 'aes-256-gcm';
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

/** One AES-256-GCM ciphertext with its random nonce and authentication tag, stored separately. */
export interface SealedBox {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** A credential at rest: its data key wrapped by the KEK of `keyVersion`, and each slot under the data key. */
export interface SealedCredential {
  keyVersion: number;
  dataKey: SealedBox;
  slots: Record<string, SealedBox>;
}

/** Any failure to authenticate or decrypt; deliberately says nothing about which part failed. */
export class DecryptionError extends Error {
  constructor() {
    super('the stored credential failed authentication (altered, moved, or sealed with another key)');
    this.name = 'DecryptionError';
  }
}

// Associated data is a JSON array so that no two (id, slot, version) triples can encode alike.
const dataKeyAad = (credentialId: string, keyVersion: number) =>
  Buffer.from(JSON.stringify(['prst-vault/data-key/v1', credentialId, keyVersion]));
const slotAad = (credentialId: string, slot: string, keyVersion: number) =>
  Buffer.from(JSON.stringify(['prst-vault/slot/v1', credentialId, slot, keyVersion]));

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): SealedBox {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

function decrypt(key: Buffer, box: SealedBox, aad: Buffer): Buffer {
  if (box.nonce.length !== NONCE_BYTES || box.tag.length !== TAG_BYTES) throw new DecryptionError();
  try {
    const decipher = createDecipheriv(ALGORITHM, key, box.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(box.tag);
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

function unwrapDataKey(keyring: Keyring, credentialId: string, sealed: SealedCredential): Buffer {
  const dataKey = decrypt(keyring.key(sealed.keyVersion), sealed.dataKey, dataKeyAad(credentialId, sealed.keyVersion));
  if (dataKey.length !== DATA_KEY_BYTES) throw new DecryptionError();
  return dataKey;
}

function sealSlots(dataKey: Buffer, credentialId: string, keyVersion: number, values: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(values).map(([slot, value]) => [
      slot,
      encrypt(dataKey, Buffer.from(value, 'utf8'), slotAad(credentialId, slot, keyVersion)),
    ]),
  );
}

/** Seals `values` for credential `credentialId` under a fresh data key and the current KEK. */
export function sealCredential(keyring: Keyring, credentialId: string, values: Record<string, string>): SealedCredential {
  const keyVersion = keyring.currentVersion;
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    return {
      keyVersion,
      dataKey: encrypt(keyring.key(keyVersion), dataKey, dataKeyAad(credentialId, keyVersion)),
      slots: sealSlots(dataKey, credentialId, keyVersion, values),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The plaintext slot values; throws DecryptionError when anything was altered or moved. */
export function openCredential(keyring: Keyring, credentialId: string, sealed: SealedCredential): Record<string, string> {
  const dataKey = unwrapDataKey(keyring, credentialId, sealed);
  try {
    return Object.fromEntries(
      Object.entries(sealed.slots).map(([slot, box]) => [
        slot,
        decrypt(dataKey, box, slotAad(credentialId, slot, sealed.keyVersion)).toString('utf8'),
      ]),
    );
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Moves a record to `keyring.currentVersion`: the same data key, wrapped by the new KEK, and the
 * slots re-encrypted with fresh nonces because their associated data names the key version.
 * Authenticates everything first, so a damaged record is never re-sealed as if it were sound.
 */
export function rewrapCredential(keyring: Keyring, credentialId: string, sealed: SealedCredential): SealedCredential {
  const keyVersion = keyring.currentVersion;
  const dataKey = unwrapDataKey(keyring, credentialId, sealed);
  try {
    const slots = Object.fromEntries(
      Object.entries(sealed.slots).map(([slot, box]) => {
        const plaintext = decrypt(dataKey, box, slotAad(credentialId, slot, sealed.keyVersion));
        try {
          return [slot, encrypt(dataKey, plaintext, slotAad(credentialId, slot, keyVersion))];
        } finally {
          plaintext.fill(0);
        }
      }),
    );
    return {
      keyVersion,
      dataKey: encrypt(keyring.key(keyVersion), dataKey, dataKeyAad(credentialId, keyVersion)),
      slots,
    };
  } finally {
    dataKey.fill(0);
  }
}
