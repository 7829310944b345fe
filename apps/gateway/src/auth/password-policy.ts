import { estimateStrength } from './password-strength.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn scores 0–4; 3 means "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Checks a new password against the policy and returns every reason it is refused (empty when it is
 * acceptable), in words a person can act on.
 */
export async function passwordProblems(password: string, email: string): Promise<string[]> {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) {
    problems.push('The password must not contain the part of your e-mail address before the @.');
  }
  if (problems.length) return problems;
  // The e-mail's parts count as known words, so "alice2024alice!" is judged as weak as it is.
  const result = await estimateStrength(password, [email, localPart, 'prst']);
  if (result.score < MIN_PASSWORD_SCORE) {
    const hints = [result.warning, ...result.suggestions].filter((text): text is string => Boolean(text));
    problems.push(`The password is too easy to guess${hints.length ? `: ${hints.join(' ')}` : '.'}`);
  }
  return problems;
}
