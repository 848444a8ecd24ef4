import { addCalendarDays, londonDate, startOfLondonDay } from '../common/clock/london-time.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/language.js';
import { caseWordsIn, type CaseVocabulary } from './case-labels.js';
import { stagesEntered } from './case-view.js';
import type { CaseEvent } from './case-event.entity.js';
import type { CaseRecord } from './case.entity.js';
import { trackOf, ACTION_TRACKS, type Track } from './workflow/index.js';

export const TERM_SEASONS = ['autumn', 'spring', 'summer'] as const;
export type TermSeason = (typeof TERM_SEASONS)[number];

/**
 * A school term as governors' meetings are organised: autumn (September to December), spring
 * (January to March) and summer (April to August), in London dates. Half-terms and a school's own
 * dates vary; these three blocks are what a termly report to the board compares.
 */
export interface SchoolTerm {
  season: TermSeason;
  year: number;
  /** `autumn-2026`: the form the API takes and the file names use. */
  key: string;
  /** "Autumn term 2026". */
  label: string;
  /** First London date of the term, and the first date after it. */
  from: string;
  until: string;
  /** The same bounds as instants (London midnight). */
  starts: Date;
  ends: Date;
}

const FIRST_MONTH: Record<TermSeason, number> = { autumn: 9, spring: 1, summer: 4 };
const AFTER: Record<TermSeason, (year: number) => string> = {
  autumn: (y) => `${y + 1}-01-01`,
  spring: (y) => `${y}-04-01`,
  summer: (y) => `${y}-09-01`,
};

export function schoolTermOf(season: TermSeason, year: number): SchoolTerm {
  const from = `${year}-${String(FIRST_MONTH[season]).padStart(2, '0')}-01`;
  const until = AFTER[season](year);
  return {
    season,
    year,
    key: `${season}-${year}`,
    label: `${season[0].toUpperCase()}${season.slice(1)} term ${year}`,
    from,
    until,
    starts: startOfLondonDay(from),
    ends: startOfLondonDay(until),
  };
}

/** The term an instant falls in. */
export function termContaining(at: Date): SchoolTerm {
  const [year, month] = londonDate(at).split('-').map(Number);
  return schoolTermOf(month >= 9 ? 'autumn' : month >= 4 ? 'summer' : 'spring', year);
}

/** The term before this one (the report a board usually reads at its first meeting of a term). */
export function previousTerm(term: SchoolTerm): SchoolTerm {
  return termContaining(new Date(startOfLondonDay(addCalendarDays(term.from, -1)).getTime()));
}

/** `autumn-2026` to a term, or null when it is not one. */
export function parseTermKey(key: string): SchoolTerm | null {
  const m = /^(autumn|spring|summer)-(20\d\d)$/.exec(key);
  return m ? schoolTermOf(m[1] as TermSeason, Number(m[2])) : null;
}

export interface FigureCount {
  label: string;
  count: number;
}

export interface StageDays {
  stage: string;
  /** Cases that passed through the stage and were decided this term. */
  cases: number;
  medianDays: number;
}

/** The board's figures for one school and term: counts only, never a name or a reference. */
export interface TermlyFigures {
  term: SchoolTerm;
  reported: number;
  reportedByTrack: FigureCount[];
  decided: number;
  decidedByOutcome: FigureCount[];
  stageDays: StageDays[];
  /** Cases decided this term with every deadline met, and with at least one missed. */
  deadlinesAllMet: number;
  deadlinesMissed: number;
  missedByClock: FigureCount[];
  concernPatterns: number;
  referralsByAgency: FigureCount[];
}

export interface TermlyCase {
  record: Pick<
    CaseRecord,
    | 'classification'
    | 'subjectRelationship'
    | 'reportedAt'
    | 'decidedAt'
    | 'closedAt'
    | 'finding'
    | 'response'
  >;
  events: Pick<CaseEvent, 'kind' | 'at' | 'toStatus' | 'data'>[];
}

const within = (term: SchoolTerm, at: Date | null | undefined): boolean =>
  at != null && at >= term.starts && at < term.ends;

function tally(keys: string[]): FigureCount[] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

function trackLabel(c: TermlyCase['record'], named: CaseVocabulary): string {
  const track: Track | null = trackOf(c.classification, c.subjectRelationship);
  return named.track[track ?? 'untriaged'];
}

/** What a decided case came to, in the words its track uses (never a sanction: see below). */
function outcomeLabel(c: TermlyCase['record'], named: CaseVocabulary): string {
  if (c.finding) return named.finding[c.finding];
  if (c.response) return named.response[c.response];
  const track = trackOf(c.classification, c.subjectRelationship);
  if (track && ACTION_TRACKS.includes(track)) return named.termly.actionsTaken;
  return named.termly.decided;
}

/** Days spent in each stage of one case, from its timeline, up to its decision. */
function stageSpans(c: TermlyCase): Map<string, number> {
  const spans = new Map<string, number>();
  const entries = stagesEntered(c.record.reportedAt, c.events);
  for (const [i, entry] of entries.entries()) {
    const next = entries[i + 1];
    if (!next || entry.status === 'outcome') break;
    const days = (next.at.getTime() - entry.at.getTime()) / 86_400_000;
    spans.set(entry.status, (spans.get(entry.status) ?? 0) + days);
  }
  return spans;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const STAGE_ORDER = ['reported', 'investigating', 'hr_advice', 'hearing', 'on_hold'] as const;

/**
 * The termly figures for the cases a school had open at some point in the term. A sanction is
 * deliberately not among them: with a handful of staff cases a term, "one dismissal" names a
 * person even when every other cell is suppressed.
 */
export function termlyFigures(
  term: SchoolTerm,
  cases: readonly TermlyCase[],
  lang: Language = DEFAULT_LANGUAGE,
): TermlyFigures {
  const named = caseWordsIn(lang);
  const reported = cases.filter((c) => within(term, c.record.reportedAt));
  const decided = cases.filter((c) => within(term, c.record.decidedAt));
  const closedWithoutOutcome = cases.filter(
    (c) => c.record.decidedAt === null && within(term, c.record.closedAt),
  );
  const events = cases.flatMap((c) => c.events);

  const spans = decided.map(stageSpans);
  const stageDays = STAGE_ORDER.flatMap((stage) => {
    const days = spans.filter((s) => s.has(stage)).map((s) => s.get(stage)!);
    return days.length
      ? [{ stage: named.status[stage], cases: days.length, medianDays: median(days) }]
      : [];
  });

  const missedIn = (c: TermlyCase) => c.events.some((e) => e.kind === 'deadline_missed');
  const data = (e: { data: string | null }) => JSON.parse(e.data ?? '{}') as Record<string, string>;

  return {
    term,
    reported: reported.length,
    reportedByTrack: tally(reported.map((c) => trackLabel(c.record, named))),
    decided: decided.length + closedWithoutOutcome.length,
    decidedByOutcome: tally([
      ...decided.map((c) => outcomeLabel(c.record, named)),
      ...closedWithoutOutcome.map(() => named.termly.closedNoFurtherAction),
    ]),
    stageDays,
    deadlinesAllMet: decided.filter((c) => !missedIn(c)).length,
    deadlinesMissed: decided.filter(missedIn).length,
    missedByClock: tally(
      events
        .filter((e) => e.kind === 'deadline_missed' && within(term, e.at))
        .map((e) => {
          const clock = data(e).clock;
          return named.clock[clock] ?? clock;
        }),
    ),
    concernPatterns: events.filter((e) => e.kind === 'concern_pattern' && within(term, e.at))
      .length,
    referralsByAgency: tally(
      events
        .filter((e) => e.kind === 'referral')
        .map(data)
        .filter((d) => within(term, d.referredAt ? new Date(d.referredAt) : null))
        .map((d) => named.agency[d.agency as keyof typeof named.agency] ?? d.agency),
    ),
  };
}

/** In a small school a count of one or two can point at a person: the board never sees one. */
export const SMALL_COUNT = 3;
export const SUPPRESSED = 'fewer than 3';
export const suppressedCount = (n: number): string => (n < SMALL_COUNT ? SUPPRESSED : String(n));
