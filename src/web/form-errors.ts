import { DomainException } from '../common/errors/domain.exception.js';

export interface FormError {
  field: string | null;
  text: string;
  href: string | null;
}

/**
 * Turns a refusal into messages placed next to the fields they concern. Validation messages
 * start with the field name ("description must be longer..."), which is how they are matched.
 */
export function formErrors(error: unknown, fields: readonly string[]): FormError[] {
  if (!(error instanceof DomainException) || error.status >= 500) throw error;
  const messages = Array.isArray(error.messages) ? error.messages : [error.messages];
  return messages.map((text) => {
    // A rule names its field; a validator's message starts with the field's name.
    const field =
      (error.field && fields.includes(error.field) ? error.field : null) ??
      fields.find((f) => text.startsWith(`${f} `) || text.includes(` ${f} `)) ??
      null;
    return { field, text: humanise(text), href: field ? `#${field}` : null };
  });
}

export function errorFor(errors: FormError[], field: string): string | null {
  return errors.find((e) => e.field === field)?.text ?? null;
}

/** Validator messages name camelCase fields; people read words. */
function humanise(text: string): string {
  const words = text.replace(/^([a-z]+[A-Z][A-Za-z]*)/, (m) =>
    m.replace(/([A-Z])/g, ' $1').toLowerCase(),
  );
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Form posts send "" for an empty box; the API's DTOs mean "absent" by a missing key. */
export function withoutBlanks(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body ?? {}).filter(([, v]) => v !== '' && v !== undefined),
  );
}
