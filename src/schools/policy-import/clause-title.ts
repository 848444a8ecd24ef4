import { sentences, trimEndOf } from './rule-language.js';

/**
 * A clause's title: the first words of its rule, up to a clause boundary, so a head can scan a
 * list of them. It is only ever the rule's own opening words, cut short and marked "…" when
 * cut; it claims to be no summary beyond that, and the admin may rewrite it.
 */

const MAX_WORDS = 12;
const MAX_CHARS = 100;
/** A cut needs at least this many words before it to say anything. */
const MIN_WORDS = 4;

/** Words a title should not end on once cut. */
const DANGLING =
  /^(the|a|an|of|to|and|or|but|for|with|in|on|at|by|from|about|their|our|its|any|that|which|who|whom|is|are|be|as|if|when|where|whilst|while|this|these|those|such|using|via|including|either|nor|onto|into|than|other|not|both|neither|so)$/i;

/** A word ends a clause when it ends with `;` `:` or a closing bracket, or stands as a dash. */
function endsClause(word: string, next: string | undefined): boolean {
  return /[;:)]$/.test(word) || /^[–—-]$/.test(next ?? '') || /^\(/.test(next ?? '');
}

function trimEnd(words: string[]): string[] {
  const kept = [...words];
  while (kept.length > MIN_WORDS && DANGLING.test(kept[kept.length - 1].replace(/[,;:]$/, ''))) {
    kept.pop();
  }
  return kept;
}

function capitalise(text: string): string {
  return text.replace(/^(["“‘'(]*)(\p{Ll})/u, (_m, quote: string, first: string) => {
    return quote + first.toUpperCase();
  });
}

export function titleFor(ruleText: string): string {
  const firstLine = ruleText.split('\n')[0].replace(/\s+/g, ' ').trim();
  const sentence = trimEndOf(sentences(firstLine)[0] ?? firstLine, ' .!?;:,');
  const words = sentence.split(' ');
  let title: string;
  if (words.length <= MAX_WORDS) {
    title = sentence;
  } else {
    let cut = -1;
    for (let i = MIN_WORDS - 1; i < MAX_WORDS; i++) {
      if (endsClause(words[i], words[i + 1])) cut = i + 1;
    }
    const kept = trimEnd(words.slice(0, cut > 0 ? cut : MAX_WORDS));
    title = `${trimEndOf(kept.join(' '), ' ,;:(–—-')}…`;
  }
  if (title.length > MAX_CHARS) {
    // Long words (a pasted URL, a run of slashes): cut at the last space that fits, if any.
    const room = title.slice(0, MAX_CHARS - 1);
    const space = room.lastIndexOf(' ');
    title = `${trimEndOf(space > MAX_CHARS / 2 ? room.slice(0, space) : room, ' ,;:')}…`;
  }
  return capitalise(title);
}
