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

/** `password=…`, `api_key: …` and the like inside free text: the name stays, the value goes. */
const NAMED_SECRET =
  /\b(pass(?:word)?|passwd|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|client[-_]?secret)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)/gi;

/** Runs of base64 / base64url and of hex long enough to hide a secret; decoded and checked. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /\b(?:[0-9a-fA-F]{2}){12,}\b/g;

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

const PRINTABLE = /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/;

/** The bytes as text when they are printable UTF-8, else undefined. */
function printableText(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  return PRINTABLE.test(text) && !text.includes('\ufffd') ? text : undefined;
}

/**
 * Masks an encoded run (base64, base64url or hex) whose decoded text holds a secret. Encoding moves
 * a secret's bytes across character boundaries, so the run is decoded and checked as text.
 */
function maskEncoded(text: string, pattern: RegExp, encoding: BufferEncoding, depth: number): string {
  return text.replace(pattern, (run) => {
    if (run.includes(MASK)) return run;
    const decoded = printableText(Buffer.from(run, encoding));
    if (decoded === undefined || decoded.length < 6) return run;
    return redactString(decoded, depth + 1) === decoded ? run : MASK;
  });
}

/** `text` with every recognisable secret masked, also inside base64/hex-encoded runs (two levels deep). */
export function redactString(text: string, depth = 0): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.split(secret).join(MASK);
  }
  for (const pattern of SECRET_PATTERNS) result = result.replace(pattern, MASK);
  result = result.replace(NAMED_SECRET, (_match, name: string, separator: string) => `${name}${separator}${MASK}`);
  result = result.replace(URL_PASSWORD, `$1://$2:${MASK}@`);
  if (depth < 2) {
    result = maskEncoded(result, HEX_RUN, 'hex', depth);
    result = maskEncoded(result, BASE64_RUN, 'base64', depth);
  }
  return result;
}

/** Printable bytes are redacted as text; binary ones are replaced by their length (nothing readable is kept). */
function redactBytes(bytes: Uint8Array): string {
  const text = printableText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return text === undefined ? `[${bytes.byteLength} bytes]` : redactString(text);
}

/** A Buffer after JSON.stringify: `{type: 'Buffer', data: [bytes…]}`. */
function isSerializedBuffer(value: object): value is { type: 'Buffer'; data: number[] } {
  const candidate = value as { type?: unknown; data?: unknown };
  return candidate.type === 'Buffer' && Array.isArray(candidate.data) && candidate.data.every((byte) => Number.isInteger(byte) && byte >= 0 && byte < 256);
}

/** Returns a deep copy of `value` with every secret masked; safe for logs, traces and audit details. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Uint8Array) return redactBytes(value);
  if (ArrayBuffer.isView(value)) return redactBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return redactBytes(new Uint8Array(value));
  if (value && typeof value === 'object' && isSerializedBuffer(value)) return redactBytes(Uint8Array.from(value.data));
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
