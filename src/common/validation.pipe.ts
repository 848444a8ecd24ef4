import { ValidationPipe } from '@nestjs/common';

/** Unknown fields are refused, not silently dropped: a typo or a mass-assignment try is a 400. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
}
