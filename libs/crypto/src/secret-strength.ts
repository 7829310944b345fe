/** How an operator makes a good secret; part of every refusal message. */
export const SECRET_HINT = 'generate one with: openssl rand -base64 32';

export const MIN_SECRET_LENGTH = 16;

/** Placeholders and words that show up in examples, tutorials and leaked-password lists. */
const WELL_KNOWN = [
  'changeme', 'changeit', 'replaceme', 'yoursecret', 'mysecret', 'secret', 'password', 'passw0rd', 'default',
  'example', 'encryptionsecret', 'encryptionkey', 'prst', 'admin', 'letmein', 'qwerty', 'test', 'dev', 'local',
  'insecure', 'dummy', 'todo', 'xxxx',
];

const SEQUENCES = '0123456789abcdefghijklmnopqrstuvwxyz';

/** True when the text is built only from well-known words, digits and repetition. */
function isWellKnown(value: string): boolean {
  const letters = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (letters.length === 0) return true;
  let rest = letters;
  for (const word of [...WELL_KNOWN].sort((a, b) => b.length - a.length)) rest = rest.split(word).join('');
  if (rest.length !== letters.length && /^\d*$/.test(rest)) return true;
  if (new Set(value).size < 6) return true;
  // Runs such as 0123456789abcdef or abcdefghijklmnop.
  const doubled = SEQUENCES + SEQUENCES;
  return letters.length >= 8 && (doubled.includes(letters) || [...doubled].reverse().join('').includes(letters));
}

/**
 * Why `value` must not be used as ENCRYPTION_SECRET, as a phrase that follows the variable name
 * ("is required but not set; …"), or undefined when it is acceptable. Never repeats the value.
 */
export function assessEncryptionSecret(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return `is required but not set; ${SECRET_HINT}`;
  if (value.length < MIN_SECRET_LENGTH) {
    return `must be at least ${MIN_SECRET_LENGTH} characters long; ${SECRET_HINT}`;
  }
  if (isWellKnown(value)) return `is a well-known or trivially guessable value; ${SECRET_HINT}`;
  return undefined;
}
