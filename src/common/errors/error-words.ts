import type { Language, Translate } from '../language.js';
import { DomainException } from './domain.exception.js';

/**
 * An error's `message` in the caller's language (API.md: `statusCode`, `error` and `code` never
 * change; only the sentence does). English is the message as it was raised, word for word. In
 * another language, the most specific words the catalogue (i18n/<lang>/apiErrors.json) has:
 * the exception's own key (a "not found" names what), a validation line read for its field, the
 * code's sentence, the status's.
 */
export function errorMessageIn(
  lang: Language,
  translate: Translate,
  error: { statusCode: number; code?: string; message: string | string[] },
  exception?: unknown,
): string | string[] {
  if (lang === 'en') return error.message;
  const t = (key: string, args?: Record<string, unknown>): string | undefined => {
    const full = `apiErrors.${key}`;
    const words = translate(full, lang, args);
    return words === full ? undefined : words;
  };
  const general = () =>
    (error.code ? t(`code.${codeKey(error.code)}`) : undefined) ??
    t(`status.${error.statusCode}`) ??
    t('status.500')!;
  const own =
    exception instanceof DomainException ? (exception.words ?? refusalWords(exception)) : undefined;
  const specific = own ? t(own.key, own.args) : undefined;
  if (specific) return Array.isArray(error.message) ? [specific] : specific;
  // A sentence raised word for word as the catalogue has it (apiErrors.message) says exactly that.
  const known = (line: string) => t(`message.${messageKey(line)}`) ?? patternLine(line, t);
  if (!Array.isArray(error.message)) return known(error.message) ?? general();
  // One line per problem, as in English: a line of a validation failure read for its field.
  const perField = error.code !== undefined && FIELD_LISTS.has(error.code);
  return [
    ...new Set(
      error.message.map(
        (line) => known(line) ?? (perField ? validationLine(line, t) : undefined) ?? general(),
      ),
    ),
  ];
}

/** A case reference as the API writes it: OAK-2026-0007. */
const REF = String.raw`([A-Z]{1,8}-\d{4}-\d{4,})`;

/**
 * Sentences raised with a value in them (a case reference, a count): the catalogue's
 * `apiErrors.pattern.<key>` says them again with the same values.
 */
const PATTERNS: [RegExp, string, string[]][] = [
  [new RegExp(`^${REF} was already merged into a case\\.$`), 'mergeAlreadyMerged', ['reference']],
  [
    new RegExp(`^${REF} was itself merged into another case: merge into that case instead\\.$`),
    'mergeIntoMerged',
    ['reference'],
  ],
  [
    new RegExp(`^${REF} is closed: reopen it before merging another report into it\\.$`),
    'mergeIntoClosed',
    ['reference'],
  ],
  [new RegExp(`^${REF} is closed: reopen it first to merge it\\.$`), 'mergeClosed', ['reference']],
  [
    new RegExp(
      `^Other reports were already merged into ${REF}: merge the other way round, into ${REF}\\.$`,
    ),
    'mergeHoldsMerged',
    ['reference'],
  ],
  [
    new RegExp(`^Triage ${REF} first: ${REF} already follows a procedure\\.$`),
    'mergeTriageFirst',
    ['into', 'merged'],
  ],
  [
    new RegExp(
      `^${REF} and ${REF} follow different procedures, so they stay two cases\\. Reclassify one of them first if they are really the same matter\\.$`,
    ),
    'mergeTrackMismatch',
    ['merged', 'into'],
  ],
  [
    /^These names appear in the summary for governors: (.+)\. Remove them, or send the summary again with confirmNames set to keep them\.$/s,
    'summaryNamesFound',
    ['names'],
  ],
  [
    /^(\d+) of (\d+) rows cannot be imported; nothing was imported$/,
    'importRejected',
    ['rejected', 'total'],
  ],
  [/^password must be at least (\d+) characters$/, 'passwordTooShort', ['number']],
  // The regulator is the nation's: Wales's has its own name in Welsh.
  [
    /^Record whether they were referred to the Education Workforce Council \(with the reference\) or why no referral is needed\.$/,
    'regulatorEwc',
    [],
  ],
  [
    /^Record whether they were referred to the Teaching Regulation Agency \(with the reference\) or why no referral is needed\.$/,
    'regulatorTra',
    [],
  ],
  [
    /^A dismissal is decided by a panel of at least (\d+) governors$/,
    'dismissalPanelSize',
    ['number'],
  ],
];

function patternLine(
  line: string,
  t: (key: string, args?: Record<string, unknown>) => string | undefined,
): string | undefined {
  for (const [pattern, key, names] of PATTERNS) {
    const m = pattern.exec(line);
    if (m) return t(`pattern.${key}`, Object.fromEntries(names.map((n, i) => [n, m[i + 1]])));
  }
  return undefined;
}

/** The codes whose lines each name a field of the request (class-validator's, and alike). */
const FIELD_LISTS = new Set([
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'CASE_VALIDATION',
  'REPORT_INVALID',
  'EVIDENCE_INVALID',
  'BODY_REFUSED',
]);

/** Words that begin an English sentence, not a field's name. */
const NOT_FIELDS = new Set([
  'a',
  'an',
  'the',
  'at',
  'and',
  'or',
  'no',
  'one',
  'this',
  'that',
  'it',
  'each',
  'every',
  'only',
  'there',
  'some',
]);

/** Why a school account was refused travels beside the code (`reason`): its own words. */
function refusalWords(exception: DomainException): DomainException['words'] {
  const reason = exception.extra?.reason;
  return exception.code === 'AUTH_SSO_REFUSED' && typeof reason === 'string'
    ? { key: `ssoRefused.${codeKey(reason)}` }
    : undefined;
}

/**
 * The catalogue's key for an English sentence: its words in camelCase, at most 60 letters
 * ("The case is closed; reopen it first" is `message.theCaseIsClosedReopenItFirst`).
 */
export function messageKey(english: string): string {
  const words =
    english
      .toLowerCase()
      .replace(/[’']/g, '')
      .match(/[a-z0-9]+/g) ?? [];
  return words
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('')
    .slice(0, 60);
}

/** `CASE_STALE_VERSION` is the catalogue's `caseStaleVersion`. */
export function codeKey(code: string): string {
  return code.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A field's path as class-validator and the services write it: `name`, `items.0.name`. */
const FIELD = String.raw`([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)`;

/** class-validator's own sentences, and the services' few that follow the same pattern. */
const LINES: [RegExp, string, (m: RegExpExecArray) => Record<string, unknown>][] = [
  [new RegExp(`^property ${FIELD} should not exist$`), 'notAllowed', (m) => ({ field: m[1] })],
  ...(
    [
      ['should not be empty', 'empty'],
      ['must be a string', 'string'],
      ['must be a boolean value', 'boolean'],
      ['must be an integer number', 'integer'],
      ['must be a number conforming to the specified constraints', 'number'],
      ['must be a UUID', 'uuid'],
      ['must be an email', 'email'],
      ['must be a valid ISO 8601 date string', 'date'],
      ['must be an array', 'array'],
      ['must be an object', 'object'],
      ['is required', 'required'],
      ['must not be in the future', 'future'],
    ] as const
  ).map(
    ([tail, key]) =>
      [new RegExp(`^${FIELD} ${tail}$`), key, (m: RegExpExecArray) => ({ field: m[1] })] as [
        RegExp,
        string,
        (m: RegExpExecArray) => Record<string, unknown>,
      ],
  ),
  [
    new RegExp(`^${FIELD} must be one of the following values: (.*)$`),
    'oneOf',
    (m) => ({ field: m[1], values: m[2] }),
  ],
  ...(
    [
      ['must be longer than or equal to (\\d+) characters', 'minLength'],
      ['must be shorter than or equal to (\\d+) characters', 'maxLength'],
      ['must not be less than (\\S+)', 'min'],
      ['must not be greater than (\\S+)', 'max'],
      ['must contain at least (\\d+) elements', 'minItems'],
      ['must contain no more than (\\d+) elements', 'maxItems'],
    ] as const
  ).map(
    ([tail, key]) =>
      [
        new RegExp(`^${FIELD} ${tail}$`),
        key,
        (m: RegExpExecArray) => ({ field: m[1], limit: m[2] }),
      ] as [RegExp, string, (m: RegExpExecArray) => Record<string, unknown>],
  ),
  // Any other line that starts with a field's name is at least about that field.
  [new RegExp(`^${FIELD} `), 'field', (m) => ({ field: m[1] })],
];

function validationLine(
  line: string,
  t: (key: string, args?: Record<string, unknown>) => string | undefined,
): string | undefined {
  for (const [pattern, key, args] of LINES) {
    const m = pattern.exec(line);
    if (m && !NOT_FIELDS.has(m[1])) return t(`validation.${key}`, args(m));
  }
  return undefined;
}
