import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../chain/canonical-json.js';

/** A signed statement "the chain had `seq` records and its head hash was `hash` at `signedAt`". */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  signedAt: string;
  /** HMAC-SHA256 (hex) with AUDIT_SIGNING_KEY over the canonical JSON of {seq, hash, signedAt}. */
  signature: string;
}

function mac(key: string, seq: number, hash: string, signedAt: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(canonicalJson({ seq, hash, signedAt })).digest('hex');
}

export function signCheckpoint(key: string, seq: number, hash: string, signedAt = new Date().toISOString()): AuditCheckpoint {
  return { seq, hash, signedAt, signature: mac(key, seq, hash, signedAt) };
}

/** True when the checkpoint was signed with `key` and not altered since. */
export function checkpointSignatureValid(key: string, checkpoint: AuditCheckpoint): boolean {
  if (typeof checkpoint?.signature !== 'string' || !Number.isSafeInteger(checkpoint.seq)) return false;
  const expected = Buffer.from(mac(key, checkpoint.seq, String(checkpoint.hash), String(checkpoint.signedAt)), 'hex');
  const given = Buffer.from(checkpoint.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
