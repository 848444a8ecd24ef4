import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainException } from './errors/domain.exception.js';

/**
 * The ValidationPipe's rules for bodies the pipe never sees (multipart fields): unknown fields
 * refused, values transformed, every problem listed.
 */
export async function validateDto<T extends object>(
  cls: ClassConstructor<T>,
  raw: unknown,
): Promise<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DomainException(400, 'VALIDATION_FAILED', ['body must be an object']);
  }
  const instance = plainToInstance(cls, raw);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new DomainException(400, 'VALIDATION_FAILED', messagesOf(errors));
  return instance;
}

export function messagesOf(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}),
    ...messagesOf(e.children ?? []).map((m) => `${e.property}.${m}`),
  ]);
}
