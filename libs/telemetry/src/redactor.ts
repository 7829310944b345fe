const MASK = '[REDACTED]';

/** Property names whose values are always secret, whatever they look like. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|credential|cookie|private[-_]?key|^key$|values/i;

/** Shapes of secrets inside free text. */
const SECRET_PATTERNS: RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\bprst_[A-Za-z0-9_-]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
];

/** user:password@ in connection URLs: the user name stays readable. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*):\/\/([^:/\s@]+):[^@\s]+@/gi;

const knownSecrets = new Set<string>();

/**
 * Registers an exact secret (for example a configured password) so that it is masked wherever it
 * appears, also in its base64 and hex forms.
 */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < 6) return;
  const bytes = Buffer.from(secret, 'utf8');
  for (const form of [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')]) {
    knownSecrets.add(form.replace(/=+$/, ''));
  }
}

export function redactString(text: string): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.split(secret).join(MASK);
  }
  for (const pattern of SECRET_PATTERNS) result = result.replace(pattern, MASK);
  return result.replace(URL_PASSWORD, `$1://$2:${MASK}@`);
}

function redactBytes(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const printable = /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text) && !text.includes('\ufffd');
  return printable ? redactString(text) : `[${bytes.byteLength} bytes]`;
}

/** Returns a deep copy of `value` with every secret masked; safe for logs, traces and audit details. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Uint8Array) return redactBytes(value);
  if (ArrayBuffer.isView(value)) return redactBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = SECRET_KEY.test(key) && item !== null && item !== undefined && typeof item !== 'boolean'
        ? MASK
        : redact(item, depth + 1);
    }
    return copy;
  }
  return value;
}
