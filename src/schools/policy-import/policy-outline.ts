import type { Block, Marker } from './policy-lines.js';
import {
  isFragment,
  isNormative,
  sectionKind,
  sentences,
  wordCount,
  type SectionKind,
} from './rule-language.js';

/**
 * Turns blocks into the policy's lists: each list with the section it sits in, the sentence that
 * introduces it, and its items as a tree (sub-items under their parent).
 */

export interface OutlineItem {
  marker: Marker;
  text: string;
  children: OutlineItem[];
}

export interface OutlineList {
  section: string | null;
  /** The section heading's own number, when the policy numbers its headings ("3. Images"). */
  sectionLabel: string | null;
  sectionKind: SectionKind;
  /** The sentence ending in a colon just before the list ("Staff must not:"), if there is one. */
  leadIn: string | null;
  items: OutlineItem[];
}

/** Lettered and numeral markers of one case count as one family when telling runs apart. */
function looseFamily(marker: Marker): string {
  return marker.family.replace(/^(alpha|roman|letter\?)/, 'letter');
}

/**
 * "3. Images" followed by prose or by "3.1 ...": a numbered heading, not a rule. An item that
 * follows a sibling of its own family ("b) Home learning" then "c) Class trips") stays an item.
 */
function asNumberedHeading(blocks: Block[]): Block[] {
  return blocks.map((block, i) => {
    if (block.kind !== 'item' || block.marker.label === null) return block;
    const before = blocks[i - 1];
    const after = blocks[i + 1];
    const family = looseFamily(block.marker);
    if (before?.kind === 'item' && looseFamily(before.marker) === family) return block;
    if (after === undefined || (after.kind === 'item' && looseFamily(after.marker) === family)) {
      return block;
    }
    const text = block.text;
    const headingLike =
      wordCount(text) <= 8 &&
      !/[.;:,!?]$/.test(text) &&
      /^["“‘']?\p{Lu}/u.test(text) &&
      !isNormative(text);
    return headingLike ? { kind: 'heading', text, label: block.marker.label } : block;
  });
}

const NEXT_LETTER = (label: string): string => String.fromCharCode(label.charCodeAt(0) + 1);

function romanValue(numeral: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10 };
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = values[numeral[i]];
    const next = values[numeral[i + 1]] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** 2 for "3.1", 1 for "3.", 0 for anything not a decimal number. */
function decimalDepth(family: string): number {
  return family.startsWith('decimal:') ? Number(family.slice('decimal:'.length)) : 0;
}

interface Open {
  family: string;
  item: OutlineItem;
}

/**
 * An i, v or x continues an open lettered list when it is the next letter ("h" then "i"), an
 * open numeral list when it is the next numeral ("iv" then "v"), and otherwise i starts numerals
 * and v or x are letters.
 */
function resolveFamily(marker: Marker, open: Open[]): Marker {
  if (!marker.family.startsWith('letter?') || marker.label === null) return marker;
  const letterCase = marker.family.split(':')[1];
  const label = marker.label;
  const lastOf = (family: string): string | null =>
    open.findLast((o) => o.family === family)?.item.marker.label ?? null;
  const letter = lastOf(`alpha:${letterCase}`);
  if (letter !== null && NEXT_LETTER(letter) === label) {
    return { ...marker, family: `alpha:${letterCase}` };
  }
  const numeral = lastOf(`roman:${letterCase}`);
  if (numeral !== null && romanValue(numeral) + 1 === romanValue(label)) {
    return { ...marker, family: `roman:${letterCase}` };
  }
  return { ...marker, family: `${label === 'i' ? 'roman' : 'alpha'}:${letterCase}` };
}

/**
 * Nests a run of items by their markers: an item of a family already open is a sibling of that
 * family's last item; a new family opens a sub-list under the item before it. "2.1" always
 * goes under the last "2."-depth item, whatever was nested in between.
 */
function nest(items: Array<{ marker: Marker; text: string }>): OutlineItem[] {
  const roots: OutlineItem[] = [];
  const open: Open[] = [];
  for (const raw of items) {
    const marker = resolveFamily(raw.marker, open);
    const node: OutlineItem = { marker, text: raw.text, children: [] };
    let at = open.findLastIndex((o) => o.family === marker.family);
    const depth = decimalDepth(marker.family);
    if (at < 0 && depth > 0) {
      // "3." after "2.2" when the list began at "2.1": as shallow as the shallowest deeper
      // number open; "2.1" after a bullet under "2.": under the last "2."-depth item.
      const deeper = open.findIndex((o) => decimalDepth(o.family) > depth);
      const parentAt = open.findLastIndex((o) => decimalDepth(o.family) === depth - 1);
      if (deeper >= 0) at = deeper;
      else if (parentAt >= 0) open.length = parentAt + 1;
    }
    if (at >= 0) open.length = at;
    at = open.length;
    (at === 0 ? roots : open[at - 1].item.children).push(node);
    open.push({ family: marker.family, item: node });
  }
  return absorbFragments(roots);
}

/**
 * "Keep parents informed. This may include updates on:" followed, in the same bullets, by
 * "Key dates." and "INSET days.": the short items after an item ending in a colon are its
 * parts, though the paste gave them the same marker.
 */
function absorbFragments(items: OutlineItem[]): OutlineItem[] {
  const result: OutlineItem[] = [];
  let parent: OutlineItem | null = null;
  for (const node of items) {
    node.children = absorbFragments(node.children);
    if (parent && node.children.length === 0 && isFragment(node.text)) {
      parent.children.push(node);
      continue;
    }
    result.push(node);
    parent = node.text.endsWith(':') && node.children.length === 0 ? node : null;
  }
  return result;
}

export function outline(allBlocks: Block[]): OutlineList[] {
  const blocks = asNumberedHeading(allBlocks);
  const lists: OutlineList[] = [];
  let section: string | null = null;
  let sectionLabel: string | null = null;
  let kind: SectionKind = 'rules';
  let run: Array<{ marker: Marker; text: string }> = [];
  let leadIn: string | null = null;
  let previous: Block | undefined;

  const flush = (): void => {
    if (run.length > 0) {
      lists.push({ section, sectionLabel, sectionKind: kind, leadIn, items: nest(run) });
    }
    run = [];
  };

  for (const block of blocks) {
    if (block.kind === 'item') {
      if (run.length === 0) {
        leadIn =
          previous?.kind === 'paragraph' && previous.text.endsWith(':')
            ? (sentences(previous.text).at(-1) ?? null)
            : null;
      }
      run.push(block);
    } else {
      flush();
      if (block.kind === 'heading') {
        section = block.text;
        sectionLabel = block.label;
        // Appendices come last and hold guidance, never rules, whatever their sub-headings say.
        if (kind !== 'appendix') kind = sectionKind(block.text);
      }
    }
    previous = block;
  }
  flush();
  return lists;
}
