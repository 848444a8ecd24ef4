import { Injectable } from '@nestjs/common';
import { CaseStatisticsService } from '../cases/case-statistics.service.js';
import { CasesService } from '../cases/cases.service.js';
import {
  median,
  previousTerm,
  SMALL_COUNT,
  suppressedCount as suppressed,
  termContaining,
  type SchoolTerm,
} from '../cases/termly-figures.js';
import { caseWordsIn } from '../cases/case-labels.js';
import { Clock } from '../common/clock/clock.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import type { Language } from '../common/language.js';
import { Translator } from '../platform/i18n/translator.js';
import { languageOf, PageContext } from './page-context.js';

// One rule for the board's figures, on this page and in the termly report.
export { suppressed };

/** Decided cases as redacted summaries, and the school year's figures with small counts hidden. */
@Injectable()
export class GovernorPagesService {
  constructor(
    private readonly cases: CasesService,
    private readonly statistics: CaseStatisticsService,
    private readonly pages: PageContext,
    private readonly clock: Clock,
    private readonly words: Translator,
  ) {}

  async overview(req: RequestWithActor) {
    const actor = req.actor!;
    const decided = await this.cases.boardSummaries(actor);
    const schools = [
      ...new Map(
        actor.memberships
          .filter((m) => m.role === 'governor' || m.role === 'chair_of_governors')
          .map((m) => [m.schoolId, m]),
      ).values(),
    ];
    const figures = await Promise.all(
      schools.map((s) => this.statistics.schoolYear(s.schoolId, this.clock.now())),
    );
    const thisTerm = termContaining(this.clock.now());
    const lang = languageOf(req);
    const named = caseWordsIn(lang);
    const term = (t: SchoolTerm) => this.termWords(t, lang);
    const count = (n: number) =>
      n < SMALL_COUNT
        ? this.words.t('governors.fewerThan', lang, { count: SMALL_COUNT })
        : String(n);
    return {
      ...this.pages.base(req, this.words.t('governors.title', lang), '/governors'),
      // Which case and which term only: see CasesService.boardSummaries.
      cases: decided.map((c) => ({
        id: c.id,
        reference: c.reference,
        term: term(termContaining(c.decidedAt)),
      })),
      schools: figures.map((f, i) => ({
        code: schools[i].schoolCode,
        termlyReports: [thisTerm, previousTerm(thisTerm)].map((t) => ({
          label: term(t),
          pdf: `/api/v1/schools/${schools[i].schoolId}/termly-report.pdf?term=${t.key}`,
          csv: `/api/v1/schools/${schools[i].schoolId}/termly-report.csv?term=${t.key}`,
        })),
        year: f.label,
        decided: count(f.decided),
        byClassification: rows(
          f.byClassification,
          count,
          (k) => named.classification[k as keyof typeof named.classification] ?? k,
        ),
        byClause: rows(f.byClause, count, (k) => k),
        byFinding: rows(
          f.byFinding,
          count,
          (k) => named.finding[k as keyof typeof named.finding] ?? k,
        ),
        daysToOutcome:
          f.daysToOutcome.length < SMALL_COUNT
            ? this.words.t('governors.notShown', lang, { count: SMALL_COUNT })
            : this.words.t('governors.median', lang, {
                days: median(f.daysToOutcome).toFixed(1),
              }),
      })),
    };
  }

  /** A school term as governors' meetings are organised: "Autumn term 2026". */
  private termWords(term: SchoolTerm, lang: Language): string {
    return this.words.t(`governors.term.${term.season}`, lang, { year: term.year });
  }
}

function rows(
  counts: Record<string, number>,
  count: (n: number) => string,
  label: (key: string) => string,
) {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => ({ label: label(key), count: count(n) }));
}
