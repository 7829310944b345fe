import { SUPPORT_DESCRIPTION_MAX_LENGTH } from '@prst/contracts';

/**
 * Control characters (C0 and C1, DEL) except tab and line feed, plus the bidirectional overrides
 * that can make text read differently from what it holds.
 */
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The description as stored and sent: line breaks normalised to \n, control characters removed,
 * surrounding whitespace trimmed. Returns undefined when nothing readable is left.
 */
export function sanitizeDescription(raw: string): string | undefined {
  const clean = raw.replace(/\r\n?/g, '\n').replace(UNWANTED, '').trim();
  return clean.length ? clean : undefined;
}

/** Length in characters (code points), as users count them. */
export function descriptionLength(text: string): number {
  return [...text].length;
}

export function isDescriptionTooLong(text: string): boolean {
  return descriptionLength(text) > SUPPORT_DESCRIPTION_MAX_LENGTH;
}
