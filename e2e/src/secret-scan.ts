import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The forms in which a secret could leak: as text, hex (either case), and base64/base64url at each
 * of the three byte alignments it can have inside a larger encoded blob.
 */
export function leakForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret, bytes.toString('hex'), bytes.toString('hex').toUpperCase()]);
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Drop the characters that mix in the padding bytes before it and the unknown bytes after it.
    const start = Math.ceil((shift * 4) / 3) + (shift ? 1 : 0);
    const stable = encoded.slice(start, encoded.length - 4);
    if (stable.length >= 12) {
      forms.add(stable);
      forms.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms];
}

/** The forms of any of `secrets` found in `haystack` (text or bytes), as "secret #i as form". */
export function findLeaks(haystack: string | Buffer, secrets: string[]): string[] {
  const buffer = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  const found: string[] = [];
  secrets.forEach((secret, index) => {
    for (const form of leakForms(secret)) if (buffer.includes(form)) found.push(`secret #${index} as ${form === secret ? 'text' : 'encoded'}`);
  });
  return found;
}

/** Every regular file under `dir`. */
export function filesUnder(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      continue; // removed since the directory was read
    }
    if (stat.isDirectory()) filesUnder(full, found);
    else if (stat.isFile()) found.push(full);
  }
  return found;
}

/** A file's bytes, or an empty buffer when it vanished since it was listed (PostgreSQL rewrites some). */
export function readIfPresent(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

/** Leaks of `secrets` in any file under `dir`, by file. */
export function scanFiles(dir: string, secrets: string[]): string[] {
  return filesUnder(dir).flatMap((file) => findLeaks(readIfPresent(file), secrets).map((leak) => `${file}: ${leak}`));
}
