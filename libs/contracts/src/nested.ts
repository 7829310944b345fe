import { Transform, plainToInstance, type ClassConstructor } from 'class-transformer';

// class-transformer's @Type reads decorator metadata through reflect-metadata, which the contracts do
// not load (every importer would have to). These two use @Transform, which needs no metadata.

/** Turns a nested plain object (or list of them) into `type` instances so @ValidateNested checks them. */
export function NestedType<T>(type: ClassConstructor<T>): PropertyDecorator {
  return Transform(({ value }) => (value && typeof value === 'object' ? plainToInstance(type, value as object) : value));
}

/** Query strings arrive as text: a numeric string becomes a number (anything else is left for validation). */
export function NumberFromText(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value));
}
