/**
 * The words that tell a rule from the text around it. Policies in Wales may be written in
 * Welsh, so the few words that carry "must", "should" and "not permitted" are listed in both
 * languages; everything else here reads English headings and falls back to "a rule" when unsure,
 * because the admin confirms every proposal and a dropped rule is harder to notice than an extra.
 */

/** Words that place a duty or a prohibition on someone. */
const NORMATIVE = new RegExp(
  [
    String.raw`\b(must|mustn['’]?t|should|shouldn['’]?t|shall|never|do not|don['’]t|cannot|can only|may only)\b`,
    String.raw`\bnot (be |considered |deemed )?(permitted|allowed|acceptable|tolerated|appropriate)\b`,
    String.raw`\b(prohibited|forbidden|unacceptable|required to|responsibilit(y|ies)|responsible for|duty)\b`,
    String.raw`\b(expected (not )?to|(is|are) asked|advised|ensure|avoid|refrain|important|essential|vital|under no circumstances)\b`,
    // Welsh: rhaid (must), dylai/dylid/dylent (should, "ni ddylai" after its soft mutation),
    // ni chaniateir (not permitted), gwaherddir (is forbidden), peidio/peidiwch (not to, don't).
    String.raw`\b(rhaid|d?dyl(ai|id|en|ent|ech)|ni chaniateir|gwaherddir|peidio|peidiwch)\b`,
  ].join('|'),
  'i',
);

export function isNormative(text: string): boolean {
  return NORMATIVE.test(text);
}

export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/**
 * A short phrase with no duty of its own ("Key dates.", "The School."): the item reads as part
 * of the sentence that introduced its list, not as a rule.
 */
export function isFragment(text: string): boolean {
  return wordCount(text) <= 10 && !isNormative(text);
}

/** A lead-in that introduces what the policy is for ("This policy aims to:"), not rules. */
export function isAimsLeadIn(text: string): boolean {
  return /\b(aims?|objectives?|purposes?)\b|\bnodau\b|\bamcanion\b/i.test(text);
}

/** "'Social media' means ...": a definition, not a rule. */
export function isDefinition(text: string): boolean {
  return /^["“‘']?[\p{L}\p{N} /&-]{1,60}["”’']?\s+(means|refers to|is defined as|is used to describe)\b/iu.test(
    text,
  );
}

/** A telephone number, an e-mail or a web address with no duty in it: contact details. */
export function isContactDetail(text: string): boolean {
  if (isNormative(text)) return false;
  return /@|\bwww\.|https?:\/\/|\b(tel|telephone|phone|email|e-mail)\s*[:.]|\+?\d[\d ]{8,}\d/i.test(
    text,
  );
}

/** Where a section sits: a part with rules in it, one that holds none, or the appendices. */
export type SectionKind = 'rules' | 'no-rules' | 'appendix';

const APPENDIX = /^(appendix|appendices|annex|atodiad)\b/;

/**
 * Headings of the parts of a policy that frame it rather than state rules. Matched against the
 * whole heading (after `headingKey`), so "Contact with pupils" is not mistaken for "Contacts".
 */
const NO_RULES = new RegExp(
  '^(' +
    [
      'introduction',
      'aims?',
      'aims and objectives',
      'objectives?',
      'purpose',
      'scope',
      'scope and purpose',
      'purpose and scope',
      'context',
      'background',
      'definitions?',
      'glossary',
      'key terms',
      'contacts?',
      'contact details',
      'contact information',
      'useful contacts',
      'useful links',
      'further information',
      'links? with other policies',
      'related policies',
      'related documents',
      'other relevant policies',
      'review',
      'policy review',
      'review of policy',
      'monitoring and review',
      // Welsh: introduction, aims, objectives, definitions, contact details, review.
      'cyflwyniad',
      'nodau',
      'amcanion',
      'diffiniadau',
      'manylion cyswllt',
      'adolygu',
    ].join('|') +
    ')$',
);

/** A heading reduced to lower-case words, without "of this policy" and the like. */
function headingKey(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ (of|for) (this|the) policy$/, '');
}

export function sectionKind(heading: string): SectionKind {
  const key = headingKey(heading);
  if (APPENDIX.test(key)) return 'appendix';
  return NO_RULES.test(key) ? 'no-rules' : 'rules';
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'st',
  'mr',
  'mrs',
  'ms',
  'dr',
  'no',
  'vs',
  'cf',
]);

/**
 * `text` without the run of `chars` at its end. A loop rather than a `[...]+$` pattern, which
 * backtracks over every long run of those characters inside the text (seconds for a hostile
 * paste of a few hundred kilobytes).
 */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/** Splits prose into sentences at `.`, `!` or `?` followed by a space and a capital. */
export function sentences(text: string): string[] {
  const result: string[] = [];
  let start = 0;
  const boundary = /[.!?]["”’)]?\s+(?=["“‘(]?[\p{Lu}\p{N}])/gu;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].length;
    // The word before the stop, from a short tail: abbreviations and initials are short.
    const tail = text.slice(Math.max(start, match.index - 12), match.index);
    const lastWord = tail.split(/\s+/).pop() ?? '';
    // An initial ("A. Smith") is not the end of a sentence either.
    if (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^\p{Lu}$/u.test(lastWord)) continue;
    result.push(text.slice(start, end).trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') result.push(rest);
  return result;
}
