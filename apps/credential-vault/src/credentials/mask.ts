/** What every answer except the executor's resolve shows of a secret. */
export const MASK = '••••';

/**
 * `••••` plus the last four characters, only when the value is long enough (12+) that four
 * characters do not give away a meaningful part of it.
 */
export function maskSecret(value: string): string {
  const characters = Array.from(value);
  return characters.length >= 12 ? MASK + characters.slice(-4).join('') : MASK;
}
