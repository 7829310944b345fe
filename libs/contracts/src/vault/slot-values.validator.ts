import { registerDecorator, type ValidationOptions } from 'class-validator';

export const SLOT_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const MAX_SLOTS = 32;
export const MAX_SLOT_VALUE_LENGTH = 16384;

/** True when `value` maps 1–32 slot names to non-empty strings of at most 16 KiB. */
export function isSlotValues(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length >= 1 &&
    entries.length <= MAX_SLOTS &&
    entries.every(
      ([slot, item]) => SLOT_NAME.test(slot) && typeof item === 'string' && item.length > 0 && item.length <= MAX_SLOT_VALUE_LENGTH,
    )
  );
}

/**
 * Validates a credential's slot values. The message names the rule, never the value: these are
 * secrets, and validation messages reach clients and logs.
 */
export function IsSlotValues(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isSlotValues',
      target: target.constructor,
      propertyName,
      options: {
        message: `$property must be an object mapping 1 to ${MAX_SLOTS} slot names (a letter, then letters, digits, "_", "." or "-"; at most 64) to non-empty strings of at most ${MAX_SLOT_VALUE_LENGTH} characters`,
        ...options,
      },
      validator: { validate: isSlotValues },
    });
}
