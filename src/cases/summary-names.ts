/**
 * Looks for names a case knows in the owner's summary for governors (DOMAIN.md §7: governors
 * never read a pupil's name, nor a confidential reporter's). Pure: the caller gathers the names
 * (subject, reporter, the school's people, names typed in the report) and decides what to do.
 *
 * A name matches whole, or by any one of its parts that could only be a name there: a part of
 * three letters or more, written with a capital in the summary, that is not a title or an
 * everyday word ("Mrs Carter" is found as "Carter"; "the Head" is not a name).
 */
export function namesIn(summary: string, known: readonly string[]): string[] {
  const found = new Map<string, string>();
  for (const name of known) {
    const whole = name.trim().replace(/\s+/g, ' ');
    // Only what could be a name: "A parent" or "the head of Year 6" names nobody.
    const parts = whole
      .split(/[^\p{L}'-]+/u)
      .filter((part) => part.length >= 3 && !NOT_NAMES.has(part.toLowerCase()));
    if (parts.length === 0) continue;
    const full = wordPattern(whole, 'i').exec(summary);
    if (full) {
      found.set(full[1].toLowerCase(), full[1]);
      continue;
    }
    for (const part of parts) {
      const hit = [...summary.matchAll(wordPattern(part, 'gi'))].find((m) => /^\p{Lu}/u.test(m[1]));
      if (hit) found.set(hit[1].toLowerCase(), hit[1]);
    }
  }
  // A part already inside a longer name found ("Carter" in "Jo Carter") is said once.
  const words = [...found.values()];
  return words.filter(
    (w) => !words.some((o) => o !== w && o.toLowerCase().includes(w.toLowerCase())),
  );
}

/**
 * Names typed in the report's own words: a title and a surname ("Mrs Patel"), or two or more
 * capitalised words together that do not start a sentence ("saw Jamie Smith post it").
 */
export function namesTypedIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.? ([A-Z][a-zA-Z'-]{1,})/g))
    out.add(m[1]);
  for (const m of text.matchAll(/(?<![.!?]\s|^)\b([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)+)/gm)) {
    const words = m[1].split(' ').filter((w) => !NOT_NAMES.has(w.toLowerCase()));
    if (words.length >= 2) out.add(words.join(' '));
  }
  return [...out];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text as a whole word (letters on neither side), captured as it is written. */
function wordPattern(text: string, flags: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(${escape(text)})(?![\\p{L}\\p{N}])`, `u${flags}`);
}

/** Titles and words a summary uses that also begin names or school names. */
const NOT_NAMES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'mx',
  'the',
  'and',
  'head',
  'headteacher',
  'deputy',
  'teacher',
  'school',
  'primary',
  'academy',
  'chair',
  'governor',
  'governors',
  'member',
  'staff',
  'parent',
  'pupil',
  'year',
  'class',
  'office',
  'admin',
  'demo',
  'oak',
  'elm',
  'council',
  'adviser',
  'lead',
  'safeguarding',
  'designated',
  'hr',
  'facebook',
  'instagram',
  'tiktok',
  'youtube',
  'snapchat',
  'whatsapp',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);
