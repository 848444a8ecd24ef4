import { Injectable } from '@nestjs/common';
import { CaseStatisticsService } from '../cases/case-statistics.service.js';
import { CasesService } from '../cases/cases.service.js';
import { labels, type CaseStatus } from '../cases/workflow/index.js';
import { Clock } from '../common/clock/clock.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { PageContext } from './page-context.js';

/** In a small school, a count of one or two can point at a person. */
export const SMALL_COUNT = 3;
export const suppressed = (n: number): string => (n < SMALL_COUNT ? 'fewer than 3' : String(n));

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
    const list = await this.cases.list(actor, { limit: 100 }, 'board');
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
    return {
      ...this.pages.base(req, 'Governors', '/governors'),
      cases: list.items.map((c) => ({
        id: c.id,
        reference: c.reference,
        status: labels.status[c.status as CaseStatus],
        classification: c.classification
          ? labels.classification[c.classification as keyof typeof labels.classification]
          : '—',
        finding: c.outcome ? labels.finding[c.outcome.finding as keyof typeof labels.finding] : '—',
        sanction: c.outcome
          ? labels.sanction[c.outcome.sanction as keyof typeof labels.sanction]
          : '—',
        decidedAt: c.outcome ? formatLondon(c.outcome.decidedAt, 'date') : '—',
      })),
      schools: figures.map((f, i) => ({
        code: schools[i].schoolCode,
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
