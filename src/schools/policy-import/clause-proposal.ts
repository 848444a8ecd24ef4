import { titleFor } from './clause-title.js';
import { suggestModelCode } from './model-topics.js';
import { readBlocks } from './policy-lines.js';
import { PolicyImportErrorCode, PolicyImportException } from './policy-import.exception.js';
import { outline, type OutlineItem, type OutlineList } from './policy-outline.js';
import {
  isAimsLeadIn,
  isContactDetail,
  isDefinition,
  isFragment,
  isNormative,
} from './rule-language.js';

/**
 * Proposes catalogue clauses from a school's own policy text: the rules it states as numbered,
 * lettered or bulleted items, each with the school's own words, a code, a title made from its
 * first words and, where the topic is plain, the model clause it corresponds to. Pure and
 * deterministic: the same text always gives the same proposal, with no network and no model.
 */

/** About 100 pages of prose; the longest real policy we hold is under 15,000 characters. */
export const MAX_POLICY_TEXT_CHARS = 200_000;

export interface ProposedClause {
  /** `POL-03.1` from the policy's own numbering, or `POL-01`, `POL-02`... in order. */
  code: string;
  /** The rule's first words, for scanning; not a summary. */
  title: string;
  /** The school's own words; sub-items follow on their own lines with their markers. */
  text: string;
  /** The model catalogue clause (SM-01..SM-15) the rule plainly covers, or null. */
  modelCode: string | null;
  /** The policy's own number or letters for the rule ("3.1", "a"), or null for a bullet. */
  label: string | null;
  /** The heading the rule sits under, if any. */
  section: string | null;
  /** The sentence that introduces the rule's list ("Staff must not:"), if any. */
  leadIn: string | null;
}

export interface PolicyProposal {
  clauses: ProposedClause[];
  /** Whether the codes come from the policy's own numbering or from the clauses' order. */
  codesFrom: 'policy' | 'order';
}

/** One proposed rule before it has a code. */
interface Candidate {
  head: string;
  parts: OutlineItem[];
  path: string[] | null;
  label: string | null;
  section: string | null;
  leadIn: string | null;
}

function fullText(candidate: Candidate): string {
  const lines = candidate.parts.map((part) => `${part.marker.shown} ${part.text}`);
  return [candidate.head, ...lines].join('\n');
}

function candidate(
  list: OutlineList,
  node: OutlineItem | null,
  head: string,
  parts: OutlineItem[],
  parentPath: string[] | null,
  leadIn: string | null,
): Candidate {
  const label = node?.marker.label ?? null;
  const path =
    node === null ? parentPath : parentPath && label !== null ? [...parentPath, label] : null;
  return { head, parts, path, label, section: list.section, leadIn };
}

/**
 * The rules in one set of sibling items. When every item is a short phrase the introducing
 * sentence is the rule and the items its parts ("Staff must not post about: i. the school;
 * ii. pupils"). Otherwise each item is a rule, and the set is kept whole when its lead-in
 * states a duty or most of its items do, else item by item.
 */
function rulesAmong(
  list: OutlineList,
  nodes: OutlineItem[],
  leadIn: string | null,
  parentPath: string[] | null,
): Candidate[] {
  if (leadIn !== null && isAimsLeadIn(leadIn) && !isNormative(leadIn)) return [];
  const allFragments = nodes.every((n) => n.children.length === 0 && isFragment(n.text));
  if (allFragments) {
    if (leadIn === null || !isNormative(leadIn)) return [];
    return [candidate(list, null, leadIn, nodes, parentPath, null)];
  }
  const entries = nodes.map((node) => rulesFrom(list, node, leadIn, parentPath));
  const own = entries.flatMap((entry) => (entry.own ? [entry.own] : []));
  const dutyCount = own.filter((c) => isNormative(fullText(c))).length;
  const keepAll = (leadIn !== null && isNormative(leadIn)) || dutyCount * 2 > own.length;
  return entries
    .flatMap((entry) => {
      const kept = entry.own && (keepAll || isNormative(fullText(entry.own))) ? [entry.own] : [];
      // Sub-rules were judged among their own siblings already.
      return [...kept, ...entry.nested];
    })
    .filter((c) => !isDefinition(c.head) && !isContactDetail(fullText(c)));
}

/**
 * The rules in one item: the item itself with its short sub-items as parts, or, when the
 * sub-items are rules of their own, each of those (and the item too unless it only introduces
 * them).
 */
function rulesFrom(
  list: OutlineList,
  node: OutlineItem,
  leadIn: string | null,
  parentPath: string[] | null,
): { own: Candidate | null; nested: Candidate[] } {
  const children = node.children;
  const path = parentPath && node.marker.label !== null ? [...parentPath, node.marker.label] : null;
  if (children.every((c) => c.children.length === 0 && isFragment(c.text))) {
    return { own: candidate(list, node, node.text, children, parentPath, leadIn), nested: [] };
  }
  const introducesOnly = node.text.endsWith(':') || isFragment(node.text);
  const nested = rulesAmong(list, children, introducesOnly ? node.text : null, path);
  if (introducesOnly) return { own: null, nested };
  return { own: candidate(list, node, node.text, [], parentPath, leadIn), nested };
}

/** "3.1" under "3" is "03.1"; "a" under "3" is "03.A"; a lone "a" is "A". */
function derivedCode(path: string[]): string {
  const segments: string[] = [];
  for (const label of path) {
    const previous = segments.at(-1);
    if (previous !== undefined && label.startsWith(`${previous}.`)) {
      segments[segments.length - 1] = label;
    } else {
      segments.push(label);
    }
  }
  const code = segments
    .join('.')
    .split('.')
    .map((part, i) => (i === 0 && /^\d+$/.test(part) ? part.padStart(2, '0') : part.toUpperCase()))
    .join('.');
  return `POL-${code}`;
}

/**
 * Codes from the policy's own numbers when every proposed rule has one and no two share it;
 * otherwise in order, so a code is never repeated and never a guess.
 */
function assignCodes(candidates: Candidate[]): { codes: string[]; from: 'policy' | 'order' } {
  const derived = candidates.map((c) => (c.path && c.path.length > 0 ? derivedCode(c.path) : null));
  const unique = new Set(derived);
  if (!derived.includes(null) && unique.size === derived.length) {
    return { codes: derived as string[], from: 'policy' };
  }
  const width = Math.max(2, String(candidates.length).length);
  return {
    codes: candidates.map((_c, i) => `POL-${String(i + 1).padStart(width, '0')}`),
    from: 'order',
  };
}

/** Normalises a paste: one kind of line break, no invisible characters, composed accents. */
function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029\u000b\u000c\u0085]/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, ' ')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
}

export function proposeClauses(policyText: string): PolicyProposal {
  if (typeof policyText !== 'string' || policyText.trim() === '') {
    throw new PolicyImportException(PolicyImportErrorCode.TextEmpty, 'The policy text is empty');
  }
  if (policyText.length > MAX_POLICY_TEXT_CHARS) {
    throw new PolicyImportException(
      PolicyImportErrorCode.TextTooLarge,
      `The policy text is longer than ${MAX_POLICY_TEXT_CHARS.toLocaleString('en-GB')} characters`,
    );
  }
  const lists = outline(readBlocks(normalise(policyText)));
  if (lists.length === 0) {
    throw new PolicyImportException(
      PolicyImportErrorCode.NoRulesFound,
      'The policy text has no numbered, lettered or bulleted items to propose as rules',
    );
  }
  const candidates = lists
    .filter((list) => list.sectionKind === 'rules')
    .flatMap((list) => {
      const path = list.sectionLabel !== null ? [list.sectionLabel] : [];
      return rulesAmong(list, list.items, list.leadIn, path);
    });
  if (candidates.length === 0) {
    throw new PolicyImportException(
      PolicyImportErrorCode.NoRulesFound,
      "None of the policy's numbered, lettered or bulleted items reads as a rule",
    );
  }
  const { codes, from } = assignCodes(candidates);
  return {
    codesFrom: from,
    clauses: candidates.map((c, i) => {
      const text = fullText(c);
      return {
        code: codes[i],
        title: titleFor(c.head),
        text,
        modelCode: suggestModelCode(text),
        label: c.label,
        section: c.section,
        leadIn: c.leadIn,
      };
    }),
  };
}
