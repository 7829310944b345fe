import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { PrstError } from '@prst/contracts';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => text.replace(error.property, path));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** A ValidationPipe whose failures list every problem in a VALIDATION_FAILED error. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new PrstError('VALIDATION_FAILED', `The request is invalid: ${details.join('; ')}.`, details);
    },
  });
}
