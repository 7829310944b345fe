import type { SealedCredential } from '@prst/crypto';

/** A credential as stored: metadata plus its sealed data key and slots. */
export interface StoredCredential {
  id: string;
  name: string;
  description: string | null;
  sealed: SealedCredential;
  createdAt: Date;
  updatedAt: Date;
}

/** Raw row of the credentials ⟕ credential_slots join. */
export interface CredentialSlotRow {
  id: string;
  name: string;
  description: string | null;
  key_version: number;
  dk_nonce: Buffer;
  dk_wrapped: Buffer;
  dk_tag: Buffer;
  created_at: Date;
  updated_at: Date;
  slot: string | null;
  nonce: Buffer | null;
  ciphertext: Buffer | null;
  tag: Buffer | null;
}

export const CREDENTIAL_SLOT_COLUMNS = `c."id", c."name", c."description", c."key_version", c."dk_nonce", c."dk_wrapped",
  c."dk_tag", c."created_at", c."updated_at", s."slot", s."nonce", s."ciphertext", s."tag"`;

/** Groups join rows by credential, keeping the rows' order. */
export function groupCredentialRows(rows: CredentialSlotRow[]): StoredCredential[] {
  const byId = new Map<string, StoredCredential>();
  for (const row of rows) {
    let credential = byId.get(row.id);
    if (!credential) {
      credential = {
        id: row.id,
        name: row.name,
        description: row.description,
        sealed: {
          keyVersion: Number(row.key_version),
          dataKey: { nonce: row.dk_nonce, ciphertext: row.dk_wrapped, tag: row.dk_tag },
          slots: {},
        },
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
      byId.set(row.id, credential);
    }
    if (row.slot !== null && row.nonce && row.ciphertext && row.tag) {
      credential.sealed.slots[row.slot] = { nonce: row.nonce, ciphertext: row.ciphertext, tag: row.tag };
    }
  }
  return [...byId.values()];
}

/** Columns and parameters to insert a sealed credential's slots with one statement. */
export function slotArrays(sealed: SealedCredential): [string[], Buffer[], Buffer[], Buffer[]] {
  const entries = Object.entries(sealed.slots);
  return [
    entries.map(([slot]) => slot),
    entries.map(([, box]) => box.nonce),
    entries.map(([, box]) => box.ciphertext),
    entries.map(([, box]) => box.tag),
  ];
}
