import { DomainException } from '../common/errors/domain.exception.js';
import { errorMessageIn } from '../common/errors/error-words.js';
import { HTML_LANG, type Language } from '../common/language.js';
import { words } from '../platform/i18n/words.js';

export interface FormError {
  field: string | null;
  text: string;
  /** The message as the code raised it (English), for a page that places errors by its words. */
  raised?: string;
  href: string | null;
  /**
   * Set when the words are not in the page's language: a message the product has no Welsh for
   * yet is shown as it came, marked English so a screen reader reads it in an English voice.
   */
  lang?: string;
}

/** These messages are made in many services, not one: the process's catalogue says them. */
function say(key: string, lang: Language, args: Record<string, unknown> = {}): string {
  return words.t(key, lang, args);
}

/**
 * Turns a refusal into messages placed next to the fields they concern. Validation messages
 * start with the field name ("description must be longer..."), which is how they are matched.
 * `labels` are the fields' labels in the page's language, and `lang` that language.
 */
export function formErrors(
  error: unknown,
  fields: readonly string[],
  labels: Readonly<Record<string, string>> = {},
  lang: Language = 'en',
): FormError[] {
  if (!(error instanceof DomainException) || error.status >= 500) throw error;
  const messages = Array.isArray(error.messages) ? error.messages : [error.messages];
  return messages.map((text) => {
    // A rule names its field; a validator's message starts with the field's name.
    const field =
      (error.field && fields.includes(error.field) ? error.field : null) ??
      fields.find((f) => text.startsWith(`${f} `) || text.includes(` ${f} `)) ??
      null;
    const said = inWords(text, labels, lang);
    if (!said.inLanguage) {
      // A refusal the form has no rule for: the API's words for it, which know its code.
      // Only its own words: a code's general sentence says less than the English it replaces.
      const translate = (key: string, l: Language, args?: Record<string, unknown>) =>
        words.t(key, l, args);
      const asked = { statusCode: error.status, code: error.code };
      const api = errorMessageIn(lang, translate, { ...asked, message: text }, error);
      const general = errorMessageIn(lang, translate, { ...asked, message: '' });
      if (typeof api === 'string' && api !== general) {
        Object.assign(said, { text: api, inLanguage: true });
      }
    }
    const shown: FormError = {
      field,
      text: said.text,
      raised: text,
      href: field ? `#${field}` : null,
    };
    if (!said.inLanguage) shown.lang = HTML_LANG.en;
    return shown;
  });
}

/**
 * A validator's or the API's message in the words of the form. The API speaks to programs
 * ("rationale is required", "sanction must be one of the following values: none,
 * management_advice"); the page names the field by its label and never lists the codes a form
 * sends, since the person chose from words and cannot type a code.
 */
export function plainWords(
  text: string,
  labels: Readonly<Record<string, string>> = {},
  lang: Language = 'en',
): string {
  return inWords(text, labels, lang).text;
}

function inWords(
  text: string,
  labels: Readonly<Record<string, string>>,
  lang: Language,
): { text: string; inLanguage: boolean } {
  const whole = MESSAGES.find(([pattern]) => pattern.test(text));
  if (whole) return { text: say(`forms.message.${whole[1]}`, lang), inLanguage: true };
  const match = /^([a-z][A-Za-z0-9]*)(\.[A-Za-z0-9.]+)? (.*)$/s.exec(text);
  const field = match?.[1];
  // A field the form labels is named by its label; another is renamed only where a known rule
  // follows it, and otherwise read as the validator wrote it, its name spaced out.
  const known = field !== undefined && field in labels;
  if (match && field && (known || RULE_TAILS.some(([tail]) => tail.test(match[3])))) {
    const name = `“${labels[field] ?? spaced(field)}”`;
    const rest = match[3];
    const said = byTail(RULE_TAILS, rest, name, lang) ?? byTail(LABELLED_TAILS, rest, name, lang);
    if (said !== null) return { text: said, inLanguage: true };
    // No words for this rule in the page's language: say which question to look at.
    if (lang !== 'en') return { text: rule('check', name, lang), inLanguage: true };
    return { text: scrub(`${name} ${rest}`), inLanguage: true };
  }
  return { text: scrub(humanise(text)), inLanguage: lang === 'en' };
}

function rule(key: string, name: string, lang: Language, args: Record<string, unknown> = {}) {
  return say(`forms.rule.${key}`, lang, { ...args, name });
}

/** The first tail that fits, said; null when none does. */
function byTail(tails: readonly Tail[], rest: string, name: string, lang: Language) {
  for (const [tail, key, args] of tails) {
    const found = tail.exec(rest);
    if (!found) continue;
    const { key: instead, ...values } = args?.(found) ?? {};
    return rule(typeof instead === 'string' ? instead : key, name, lang, values);
  }
  return null;
}

/** A rule's key and, for some, values from its message (and a key that says them). */
type Tail = [RegExp, string, ((found: RegExpExecArray) => Record<string, unknown>)?];

/** The endings validators and the move table put after a field's name, said for a person. */
const RULE_TAILS: readonly Tail[] = [
  [/^(is required|should not be empty|must not be empty)/, 'required'],
  [/^must be one of/, 'oneOf'],
  [/^must not be in the future/, 'future'],
  [/^must be a date and time/, 'dateTime'],
  [/^must be a (valid )?(date|ISO 8601 date string)/, 'date'],
  [/^must be true or false|^must be a boolean/, 'boolean'],
  [/^must name a person|^must be a UUID/, 'person'],
  [/^must be (text|a string)/, 'text'],
  [/^must be longer than or equal to/, 'tooShort', atLeast('tooShortAtLeast')],
  [/^must be shorter than or equal to/, 'tooLong', atLeast('tooLongAtMost')],
];

/**
 * Endings said in words only after a field the form labels (the report form's rules, in
 * both languages); after another field the message reads as the validator wrote it.
 */
const LABELLED_TAILS: readonly Tail[] = [
  [/^must be policy_breach or online_abuse|^must say how the person is connected/, 'oneOf'],
  [
    /^must be between ([\d,]+) and ([\d,]+) characters/,
    'between',
    (m) => ({ min: m[1], max: m[2] }),
  ],
  [/^must be answered/, 'answer'],
  [/^must be a person at the same school/, 'sameSchool'],
  [/^must be (a URL address|an URL address)/, 'url'],
  [/^must name at least one clause/, 'clauseNeeded'],
  [/^not in the school's current policy: (.*)$/s, 'clauseUnknown', (m) => ({ codes: m[1] })],
  [/^has more entries than there are evidence files/, 'moreTimesThanFiles'],
];

/** Whole messages that name no field first, in words. */
const MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/^Say whether this is about the headteacher/, 'aboutHeadteacher'],
  [
    /^files must not be attached when indecentImagesOfChildren is true/,
    'noFilesWithIndecentImages',
  ],
  [/^The school has no policy catalogue yet/, 'noPolicy'],
];

/** Every key the tables above look up, for the catalogue's test. */
export const FORM_MESSAGE_KEYS: readonly string[] = [
  ...[...RULE_TAILS, ...LABELLED_TAILS].map(([, key]) => `forms.rule.${key}`),
  'forms.rule.tooShortAtLeast',
  'forms.rule.tooLongAtMost',
  'forms.rule.check',
  ...MESSAGES.map(([, key]) => `forms.message.${key}`),
];

/** "(at least 10 characters)" from a length rule's message, when it says how many. */
function atLeast(key: string) {
  return (found: RegExpExecArray) => {
    const n = /(\d+) characters/.exec(found.input)?.[1];
    return n ? { count: n, key } : {};
  };
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
