import { isNormative, sectionKind, trimEndOf, wordCount } from './rule-language.js';

/**
 * Reads pasted policy text into blocks: list items (with their marker), headings and paragraphs.
 * Pasted text has lost its styling, so every decision here is made from the words and markers
 * alone; a wrapped line is joined back to the item or paragraph it continues.
 */

/** How an item is marked. Items of one family at one depth are siblings. */
export interface Marker {
  /** `bullet:dot`, `decimal:2`, `alpha:lower`, `roman:upper`, or `letter?:lower` for i, v, x. */
  family: string;
  /** The policy's own number or letter ("3.1", "a", "iv"); null for a bullet. */
  label: string | null;
  /** The marker as shown in a clause's text: "•", "3.1", "a)", "(iv)". */
  shown: string;
}

export type Block =
  | { kind: 'item'; marker: Marker; text: string }
  | { kind: 'heading'; text: string; label: string | null }
  | { kind: 'paragraph'; text: string };

/** Bullet characters, grouped by look: a change of look inside a list means a nested list. */
const BULLET_FAMILIES: Record<string, string> = {
  '•': 'dot',
  '·': 'dot',
  '∙': 'dot',
  '●': 'dot',
  '‧': 'dot',
  '▪': 'square',
  '■': 'square',
  '◦': 'circle',
  '○': 'circle',
  o: 'circle',
  '►': 'arrow',
  '➢': 'arrow',
  '➤': 'arrow',
  '✓': 'check',
  '✔': 'check',
  '-': 'dash',
  '–': 'dash',
  '—': 'dash',
  '*': 'star',
};

/** Symbols no word starts with, so they mark an item even with no space after them. */
const SYMBOL_BULLET = /^([•·∙●‧▪■◦○►➢➤✓✔])\s*(.*)$/u;
/** Characters that also start ordinary text ("-5", "*Note", "of"), so a space must follow. */
const PLAIN_BULLET = /^([-–—*o])(?:\s+(.*)|$)/u;
const PAREN_NUMBER = /^\((\d{1,3})\)(?:\s+(.*)|$)/;
const OUTLINE_NUMBER = /^(\d{1,3}(?:\.\d{1,3})+)\.?(?:\s+(.*)|$)/;
const PLAIN_NUMBER = /^(\d{1,3})([.)])(?:\s+(.*)|$)/;
const PAREN_LETTERS = /^\(([a-z]{1,5}|[A-Z]{1,5})\)(?:\s+(.*)|$)/;
const PLAIN_LETTERS = /^([a-z]{1,5}|[A-Z]{1,5})([.)])(?:\s+(.*)|$)/;
const ROMAN = /^(x{0,3})(ix|iv|v?i{0,3})$/;

/** The marker at the start of a line and the text after it, or null for a plain line. */
export function readMarker(line: string): { marker: Marker; text: string } | null {
  let m = SYMBOL_BULLET.exec(line) ?? PLAIN_BULLET.exec(line);
  if (m) {
    return item({ family: `bullet:${BULLET_FAMILIES[m[1]]}`, label: null, shown: '•' }, m[2]);
  }
  if ((m = PAREN_NUMBER.exec(line))) {
    return item({ family: 'decimal:1', label: m[1], shown: `(${m[1]})` }, m[2]);
  }
  if ((m = OUTLINE_NUMBER.exec(line))) {
    const depth = m[1].split('.').length;
    return item({ family: `decimal:${depth}`, label: m[1], shown: m[1] }, m[2]);
  }
  if ((m = PLAIN_NUMBER.exec(line))) {
    return item({ family: 'decimal:1', label: m[1], shown: `${m[1]}${m[2]}` }, m[3]);
  }
  if ((m = PAREN_LETTERS.exec(line))) return letters(m[1], `(${m[1]})`, m[2]);
  if ((m = PLAIN_LETTERS.exec(line))) return letters(m[1], `${m[1]}${m[2]}`, m[3]);
  return null;
}

function item(marker: Marker, text: string | undefined): { marker: Marker; text: string } | null {
  const rest = (text ?? '').trim();
  // "- - -" or "* * *" is a rule line, not an item; a marker alone may have its text next line.
  if (rest !== '' && !/[\p{L}\p{N}]/u.test(rest)) return null;
  return { marker, text: rest };
}

function letters(
  label: string,
  shown: string,
  text: string | undefined,
): { marker: Marker; text: string } | null {
  const letterCase = label === label.toLowerCase() ? 'lower' : 'upper';
  const lower = label.toLowerCase();
  if (label.length === 1) {
    // i, v and x open either a lettered or a numeral list: the outline decides from the
    // items before them.
    const family = /^[ivx]$/.test(lower) ? `letter?:${letterCase}` : `alpha:${letterCase}`;
    return item({ family, label: lower, shown }, text);
  }
  if (!ROMAN.test(lower)) return null; // "Mr." or "St." starts a sentence, not a list
  return item({ family: `roman:${letterCase}`, label: lower, shown }, text);
}

/** Word-processor debris that a paste carries along and no reader wants. */
function cleanLine(raw: string): string {
  const line = raw
    .replace(/\[bookmark: [^\]]{0,100}\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // "...IT system.   . " ends at "system.": stray stops after the sentence's own. (A loop,
  // not a `(\s+\.)+$` pattern, which backtracks without end on a long run of ". . .".)
  let end = line.length;
  while (end >= 2 && line[end - 1] === '.' && line[end - 2] === ' ') end -= 2;
  return end < line.length && '.!?'.includes(line[end - 1]) ? line.slice(0, end) : line;
}

/** A dot bullet left at the end of a lead-in ("...acceptable: •") belongs to no item. */
function withoutTrailingBullet(line: string): string {
  return trimEndOf(line, ' •·∙●▪■◦');
}

/** Share of the longer words that start with a capital: headings are in title case. */
function titleCaseShare(line: string): number {
  const words = line.split(/\s+/).filter((w) => /^[\p{L}]{4,}/u.test(w));
  if (words.length === 0) return 1;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length;
}

/**
 * A heading: short, starting with a capital, no duty in it, and either very short, in title
 * case, or the name of a framing section ("Appendix:").
 */
export function isHeadingLine(line: string): boolean {
  const words = wordCount(line);
  if (words === 0 || line.length > 120 || !/^["“‘']?[\p{Lu}\p{N}]/u.test(line)) return false;
  if (words <= 4 && sectionKind(line) !== 'rules') return true;
  if (isNormative(line) || /[:;,]$/.test(line)) return false;
  if (/[.?!]$/.test(line)) {
    return words <= 8 && titleCaseShare(line) >= 0.5 && !/[.?!]\s/.test(line);
  }
  return words <= 6 || (words <= 15 && titleCaseShare(line) >= 0.6);
}

const JOINING_WORD =
  /(\b(the|a|an|of|to|and|or|for|with|in|on|at|by|from|their|our|its|any|that|which|who|is|are|be)|[,/–-])$/i;

/**
 * Whether a plain line carries on the item or paragraph before it: it starts in lower case, or
 * it follows on the next line after a break in mid-phrase ("...using the" / "Council's IT").
 */
function continues(previous: string, line: string, blankBetween: boolean): boolean {
  if (/^\p{Ll}/u.test(line)) return true;
  return !blankBetween && JOINING_WORD.test(previous.slice(-20)) && !isHeadingLine(line);
}

export function readBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let blankBefore = true;
  let pending: Marker | null = null;
  for (const raw of text.split('\n')) {
    const line = cleanLine(raw);
    if (line === '') {
      blankBefore = true;
      continue;
    }
    const marked = readMarker(line);
    const previous = blocks.at(-1);
    if (marked && marked.text === '') {
      pending = marked.marker;
    } else if (pending && !marked) {
      blocks.push({ kind: 'item', marker: pending, text: line });
      pending = null;
    } else if (marked) {
      blocks.push({ kind: 'item', marker: marked.marker, text: marked.text });
      pending = null;
    } else {
      const plain = withoutTrailingBullet(line);
      if (plain === '') {
        // a stray bullet on a line of its own with nothing after it
      } else if (
        previous &&
        previous.kind !== 'heading' &&
        continues(previous.text, plain, blankBefore)
      ) {
        previous.text = `${previous.text} ${plain}`;
      } else if (isHeadingLine(plain)) {
        blocks.push({ kind: 'heading', text: plain, label: null });
      } else {
        blocks.push({ kind: 'paragraph', text: plain });
      }
    }
    blankBefore = false;
  }
  return blocks;
}
