import { Injectable } from '@nestjs/common';
import { CaseStatisticsService } from '../cases/case-statistics.service.js';
import { CasesService } from '../cases/cases.service.js';
import {
  median,
  previousTerm,
  SMALL_COUNT,
  suppressedCount as suppressed,
  termContaining,
} from '../cases/termly-figures.js';
import { labels } from '../cases/workflow/index.js';
import { Clock } from '../common/clock/clock.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { PageContext } from './page-context.js';

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
    return {
      ...this.pages.base(req, 'Governors', '/governors'),
      // Which case and which term only: see CasesService.boardSummaries.
      cases: decided.map((c) => ({
        id: c.id,
        reference: c.reference,
        term: schoolTerm(c.decidedAt),
      })),
      schools: figures.map((f, i) => ({
        code: schools[i].schoolCode,
        termlyReports: [thisTerm, previousTerm(thisTerm)].map((term) => ({
          label: term.label,
          pdf: `/api/v1/schools/${schools[i].schoolId}/termly-report.pdf?term=${term.key}`,
          csv: `/api/v1/schools/${schools[i].schoolId}/termly-report.csv?term=${term.key}`,
        })),
        year: f.label,
        decided: suppressed(f.decided),
        byClassification: rows(
          f.byClassification,
          (k) => labels.classification[k as keyof typeof labels.classification] ?? k,
        ),
        byClause: rows(f.byClause, (k) => k),
        byFinding: rows(f.byFinding, (k) => labels.finding[k as keyof typeof labels.finding] ?? k),
        daysToOutcome:
          f.daysToOutcome.length < SMALL_COUNT
            ? 'Not shown: fewer than 3 decided cases'
            : `${median(f.daysToOutcome).toFixed(1)} days (median)`,
      })),
    };
  }
}

function rows(counts: Record<string, number>, label: (key: string) => string) {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => ({ label: label(key), count: suppressed(n) }));
}

/** The school term a date falls in, as governors' meetings are organised. */
export function schoolTerm(at: Date): string {
  return termContaining(at).label;
}
