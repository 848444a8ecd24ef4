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
export function formErrors(
  error: unknown,
  fields: readonly string[],
  labels: Readonly<Record<string, string>> = {},
): FormError[] {
  if (!(error instanceof DomainException) || error.status >= 500) throw error;
  const messages = Array.isArray(error.messages) ? error.messages : [error.messages];
  return messages.map((text) => {
    // A rule names its field; a validator's message starts with the field's name.
    const field =
      (error.field && fields.includes(error.field) ? error.field : null) ??
      fields.find((f) => text.startsWith(`${f} `) || text.includes(` ${f} `)) ??
      null;
    return { field, text: plainWords(text, labels), href: field ? `#${field}` : null };
  });
}

/**
 * A validator's or the API's message in the words of the form. The API speaks to programs
 * ("rationale is required", "sanction must be one of the following values: none,
 * management_advice"); the page names the field by its label and never lists the codes a form
 * sends, since the person chose from words and cannot type a code.
 */
export function plainWords(text: string, labels: Readonly<Record<string, string>> = {}): string {
  const match = /^([a-z][A-Za-z0-9]*)(\.[A-Za-z0-9.]+)? (.*)$/s.exec(text);
  const field = match?.[1];
  // A field the form labels is named by its label; another is renamed only where a known rule
  // follows it, and otherwise read as the validator wrote it, its name spaced out.
  const known = field !== undefined && field in labels;
  if (match && field && (known || RULE_TAILS.some(([tail]) => tail.test(match[3])))) {
    const name = `“${labels[field] ?? spaced(field)}”`;
    const rest = match[3];
    for (const [tail, say] of RULE_TAILS) if (tail.test(rest)) return say(name, rest);
    return scrub(`${name} ${rest}`);
  }
  return scrub(humanise(text));
}

/** The endings validators and the move table put after a field's name, said for a person. */
const RULE_TAILS: ReadonlyArray<[RegExp, (name: string, rest: string) => string]> = [
  [/^(is required|should not be empty|must not be empty)/, (n) => `Fill in ${n}.`],
  [/^must be one of/, (n) => `Choose one of the answers offered for ${n}.`],
  [/^must not be in the future/, (n) => `${n} cannot be in the future.`],
  [/^must be a date and time/, (n) => `Enter ${n} as a date and time.`],
  [/^must be a (valid )?(date|ISO 8601 date string)/, (n) => `Enter ${n} as a date.`],
  [/^must be true or false|^must be a boolean/, (n) => `Tick or clear ${n}.`],
  [/^must name a person|^must be a UUID/, (n) => `Choose a person for ${n}.`],
  [/^must be (text|a string)/, (n) => `Enter ${n} as text.`],
  [
    /^must be longer than or equal to/,
    (n, rest) => `${n} is too short${atLeast(rest, 'at least')}.`,
  ],
  [
    /^must be shorter than or equal to/,
    (n, rest) => `${n} is too long${atLeast(rest, 'at most')}.`,
  ],
];

/** "(at least 10 characters)" from a length rule's message, when it says how many. */
function atLeast(rest: string, words: string): string {
  const n = /(\d+) characters/.exec(rest)?.[1];
  return n ? ` (${words} ${n} characters)` : '';
}

/** "governorSummary" as "governor summary". */
function spaced(name: string): string {
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Any code left in a message (a status, a sanction) as words: "final_written_warning". */
function scrub(text: string): string {
  return text
    .replace(/\b[A-Z]+(?:_[A-Z]+)+\b/g, (code) => code.toLowerCase().replace(/_/g, ' '))
    .replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (code) => code.replace(/_/g, ' '))
    .replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (code) => spaced(code).toLowerCase());
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
