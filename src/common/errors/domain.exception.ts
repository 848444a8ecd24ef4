/**
 * Base for every error a service raises on purpose. The single exception filter turns it into
 * the contract's `{ statusCode, error, message, code }` body; `code` is stable for clients.
 * Messages must never carry report text, names or evidence: they reach logs and responses.
 */
export class DomainException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string | string[],
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
  }

  readonly messages: string | string[];

  /** The text fields of a refused form, so a page can show them again (files cannot be). */
  formValues?: Record<string, unknown>;

  /** The form field a refusal is about, so a page can show it beside that field. */
  field?: string;

  /**
   * Fields the client needs to go on, added to the error body beside `code` (a second-factor
   * challenge, the rejected rows of an import). Ids and tokens only, never case text.
   */
  extra?: Record<string, unknown>;

  /**
   * The message's own words in the catalogue (`apiErrors.<key>`, with the values of its
   * placeholders), for a caller who reads another language; without them the code's sentence
   * stands in (common/errors/error-words.ts).
   */
  words?: { key: string; args?: Record<string, unknown> };
}

/** "Missing" and "not yours" must look the same to the caller. */
export class NotFoundDomainException extends DomainException {
  constructor(what = 'Resource') {
    super(404, 'NOT_FOUND', `${what} not found`);
    this.words = { key: `notFound.${notFoundKey(what)}` };
  }
}

/** "Subject access request" is the catalogue's `notFound.subjectAccessRequest`. */
export function notFoundKey(what: string): string {
  return what
    .toLowerCase()
    .replace(/[^a-z0-9]+([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    .replace(/[^A-Za-z0-9]/g, '');
}

/** 429 with the `Retry-After` the filter sends along: how long until trying again can work. */
export class TooManyRequestsException extends DomainException {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, message);
  }
}
