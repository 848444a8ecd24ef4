import { DomainException } from '../common/errors/domain.exception.js';
import { isIsoDate } from '../common/clock/london-time.js';

/** A clause as an admin hands it in: no code means a new clause, given the next free code. */
export interface ClauseDraft {
  code: string | null;
  title: string;
  /** The school's own words; left out (undefined) on a kept clause, it keeps the words it had. */
  text?: string | null;
}

/** Who approved a version and when it is due for review: required on every version published. */
export interface PolicyApproval {
  approvedBy: string;
  /** London dates, YYYY-MM-DD. */
  approvedOn: string;
  reviewDue: string;
}

export const CLAUSE_CODE = /^[A-Z0-9][A-Z0-9.-]{0,15}$/;

/**
 * Codes stay stable across versions (DOMAIN.md §10), because cases and letters cite them: a
 * clause kept (reworded or not) keeps its code; a retired clause's code is never given to
 * another clause; a new clause without a code gets the next free one in the school's own
 * scheme (after SM-15 comes SM-16, even when SM-15 was retired). `everUsed` is every code any
 * earlier version of this school held; `current` the codes of the version in force.
 */
export function assignClauseCodes(
  drafts: readonly ClauseDraft[],
  everUsed: ReadonlySet<string>,
  current: ReadonlySet<string>,
): { clauses: { code: string; title: string; text: string | null }[]; problems: string[] } {
  const problems: string[] = [];
  const taken = new Set<string>(everUsed);
  const seen = new Set<string>();
  for (const [i, d] of drafts.entries()) {
    if (d.code === null) continue;
    const code = d.code;
    if (!CLAUSE_CODE.test(code))
      problems.push(
        `clause ${i + 1}: the code must be letters, digits, dots and dashes, e.g. SM-16`,
      );
    else if (seen.has(code)) problems.push(`clause ${i + 1}: ${code} appears twice`);
    else if (everUsed.has(code) && !current.has(code))
      problems.push(
        `clause ${i + 1}: ${code} belongs to a retired clause; leave the code off a new clause and it gets the next free one`,
      );
    seen.add(code);
    taken.add(code);
  }
  const scheme = codeScheme(taken);
  const clauses = drafts.map((d, i) => {
    const title = d.title.trim();
    if (title.length < 3 || title.length > 300)
      problems.push(`clause ${i + 1}: the title must be 3 to 300 characters`);
    let code = d.code;
    if (code === null) {
      do code = `${scheme.prefix}${String(++scheme.last).padStart(2, '0')}`;
      while (taken.has(code));
      taken.add(code);
    }
    return { code, title, text: d.text?.trim() || null };
  });
  if (drafts.length === 0) problems.push('the policy must have at least one clause');
  return { clauses, problems };
}

/** The prefix most codes use ("SM-") and the highest number after it; "SM-" and 0 by default. */
function codeScheme(codes: ReadonlySet<string>): { prefix: string; last: number } {
  const byPrefix = new Map<string, number[]>();
  for (const code of codes) {
    const m = /^([A-Z]+-)(\d+)$/.exec(code);
    if (m) byPrefix.set(m[1], [...(byPrefix.get(m[1]) ?? []), Number(m[2])]);
  }
  const best = [...byPrefix.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  return best ? { prefix: best[0], last: Math.max(...best[1]) } : { prefix: 'SM-', last: 0 };
}

/** The approval's problems, worded for the form; `today` is the London date now. */
export function approvalProblems(
  approval: Partial<Record<keyof PolicyApproval, unknown>>,
  today: string,
): string[] {
  const problems: string[] = [];
  const by = typeof approval.approvedBy === 'string' ? approval.approvedBy.trim() : '';
  if (by.length < 2 || by.length > 200)
    problems.push(
      'approvedBy must say who approved it (2 to 200 characters), e.g. Full governing body',
    );
  const on = typeof approval.approvedOn === 'string' ? approval.approvedOn : '';
  const due = typeof approval.reviewDue === 'string' ? approval.reviewDue : '';
  if (!isIsoDate(on)) problems.push('approvedOn must be a date, YYYY-MM-DD');
  else if (on > today) problems.push('approvedOn cannot be in the future');
  if (!isIsoDate(due)) problems.push('reviewDue must be a date, YYYY-MM-DD');
  else if (isIsoDate(on) && due <= on) problems.push('reviewDue must be after the approval date');
  return problems;
}

export function policyInvalid(problems: string[]): DomainException {
  return new DomainException(400, 'POLICY_INVALID', problems);
}
