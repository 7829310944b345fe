import type { AuditOutcome, AuditRecord } from '@prst/contracts';
import { redact } from '@prst/telemetry';
import { canonicalJson } from '../chain/canonical-json.js';

/** An event as it will be chained: every field checked, details redacted and in canonical JSON. */
export interface NormalizedEvent extends Omit<AuditRecord, 'seq' | 'recordedAt' | 'prevHash' | 'hash' | 'details'> {
  detailsJson: string;
}

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store (no NUL, no lone surrogate), redacted and bounded. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const clean = (redact(value) as string).replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
  return clean.slice(0, max) || undefined;
}

function timestamp(value: unknown, fallback: Date): string {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  const year = date?.getUTCFullYear() ?? NaN;
  // A producer's clock we cannot read is replaced by the time of receipt rather than losing the event.
  return date && year >= 1970 && year <= 9999 ? date.toISOString() : fallback.toISOString();
}

/**
 * Checks a raw event from PRST_AUDIT. Without an id, an action or a known outcome an event means
 * nothing and is refused (it goes to the dead-letter stream); other fields get safe defaults. Details
 * are redacted again here, whoever published them.
 */
export function normalizeEvent(raw: Uint8Array | string, receivedAt: Date): NormalizeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'not a JSON object' };
  const event = parsed as Record<string, unknown>;
  const eventId = typeof event.id === 'string' && /^[A-Za-z0-9._:-]{1,200}$/.test(event.id) ? event.id : undefined;
  if (!eventId) return { ok: false, reason: 'missing or malformed id' };
  const action = text(event.action, 200);
  if (!action) return { ok: false, reason: 'missing action' };
  if (!OUTCOMES.includes(event.outcome as AuditOutcome)) return { ok: false, reason: 'unknown outcome' };

  const principal = (event.principal && typeof event.principal === 'object' ? event.principal : {}) as Record<string, unknown>;
  const resource = event.resource && typeof event.resource === 'object' ? (event.resource as Record<string, unknown>) : undefined;
  const resourceType = resource ? text(resource.type, 100) : undefined;
  const details = event.details && typeof event.details === 'object' && !Array.isArray(event.details) ? event.details : {};
  return {
    ok: true,
    event: {
      eventId,
      occurredAt: timestamp(event.occurredAt, receivedAt),
      service: text(event.service, 100) ?? 'unknown',
      requestId: text(event.requestId, 200) ?? 'unknown',
      action,
      outcome: event.outcome as AuditOutcome,
      principal: { type: text(principal.type, 50) ?? 'anonymous', id: text(principal.id, 200) ?? null },
      resource: resourceType ? { type: resourceType, id: text(resource?.id, 200) ?? null } : null,
      detailsJson: canonicalJson(redact(details)),
    },
  };
}
