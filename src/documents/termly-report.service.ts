import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  parseTermKey,
  SMALL_COUNT,
  SUPPRESSED,
  suppressedCount,
  termContaining,
  type FigureCount,
  type TermlyFigures,
} from '../cases/termly-figures.js';
import { TermlyFiguresService } from '../cases/termly-figures.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import type { Role } from '../common/role.js';
import { PdfRenderer } from '../platform/pdf/pdf-renderer.js';
import { formatLondon, TemplateRenderer } from '../platform/templates/template-renderer.js';
import type { CaseFilePdf } from './case-files.service.js';
import { IssuedDocumentsService } from './issued-documents.service.js';

/** Who may have a school's termly report: the board, and the head who presents it. */
export const TERMLY_REPORT_ROLES = [
  'chair_of_governors',
  'governor',
  'headteacher',
] as const satisfies readonly Role[];

/** One line of a section: what is counted, and what may be shown of the count. */
interface FigureRow {
  label: string;
  shown: string;
  /** The number drawn as a bar; null when the count is suppressed. */
  value: number | null;
}

interface Section {
  title: string;
  note: string;
  rows: FigureRow[];
}

export interface TermlyCsv {
  body: string;
  filename: string;
}

// Bar charts drawn as SVG on the server: plain shapes and text, no script, in the renderer's
// sandbox like everything else. Each row is its label on one line and its bar below it.
const CHART = { width: 600, labelHeight: 16, barHeight: 12, rowGap: 10, barMax: 440 };

/**
 * The termly governors' report for one school: the term's figures as a PDF with charts, and the
 * same figures as CSV. Every count below SMALL_COUNT is suppressed in both, and neither holds a
 * name, a reference or a word of any report.
 */
@Injectable()
export class TermlyReportService {
  constructor(
    private readonly figures: TermlyFiguresService,
    private readonly templates: TemplateRenderer,
    private readonly pdf: PdfRenderer,
    private readonly issued: IssuedDocumentsService,
    private readonly clock: Clock,
  ) {}

  async pdfFor(actor: Actor, schoolId: string, termKey?: string): Promise<CaseFilePdf> {
    const { schoolCode, term } = this.access(actor, schoolId, termKey);
    const figures = await this.figures.forSchool(schoolId, term);
    const now = this.clock.now();
    const heading = `${schoolCode} · ${term.label}`;
    const sections = sectionsOf(figures);
    const bytes = await this.pdf.render({
      html: this.templates.render('pdf/termly-report', {
        schoolCode,
        term: term.label,
        from: formatLondon(term.starts, 'date'),
        until: formatLondon(new Date(term.ends.getTime() - 1), 'date'),
        smallCount: SMALL_COUNT,
        reported: suppressedCount(figures.reported),
        decided: suppressedCount(figures.decided),
        sections: sections.map((s) => ({ ...s, chart: chartOf(s.rows) })),
      }),
      headerHtml: this.templates.render('pdf/page-header', {
        reference: heading,
        variantLabel: "Termly governors' report",
      }),
      footerHtml: this.templates.render('pdf/page-footer', {
        reference: heading,
        generatedAt: formatLondon(now, 'datetime'),
        generatedBy: actor.name,
      }),
      assets: [],
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.issued.recordReport({
      sha256,
      schoolId,
      term: term.key,
      generatedAt: now,
      generatedById: actor.userId,
    });
    return { bytes, sha256, filename: `${schoolCode}-${term.key}-termly-report.pdf` };
  }

  async csvFor(actor: Actor, schoolId: string, termKey?: string): Promise<TermlyCsv> {
    const { schoolCode, term } = this.access(actor, schoolId, termKey);
    const figures = await this.figures.forSchool(schoolId, term);
    const lines = [
      ['school', 'term', 'section', 'item', 'value'],
      [schoolCode, term.label, 'Cases', 'Reported this term', suppressedCount(figures.reported)],
      [schoolCode, term.label, 'Cases', 'Decided or closed', suppressedCount(figures.decided)],
      ...sectionsOf(figures).flatMap((s) =>
        s.rows.map((r) => [schoolCode, term.label, s.title, r.label, r.shown]),
      ),
    ];
    return {
      body: lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n',
      filename: `${schoolCode}-${term.key}-termly-report.csv`,
    };
  }

  /** The school's code when the caller sits on its board or heads it; 404 otherwise. */
  private access(actor: Actor, schoolId: string, termKey?: string) {
    const membership = actor.memberships.find(
      (m) => m.schoolId === schoolId && (TERMLY_REPORT_ROLES as readonly Role[]).includes(m.role),
    );
    if (!membership) throw new NotFoundDomainException('School');
    // The DTO has checked the form; parseTermKey cannot fail on what it let through.
    const term = termKey ? parseTermKey(termKey)! : termContaining(this.clock.now());
    return { schoolCode: membership.schoolCode, term };
  }
}

function counted(rows: FigureCount[]): FigureRow[] {
  return rows.map(({ label, count }) => ({
    label,
    shown: suppressedCount(count),
    value: count < SMALL_COUNT ? null : count,
  }));
}

function sectionsOf(f: TermlyFigures): Section[] {
  return [
    {
      title: 'Cases reported, by procedure',
      note: 'Reports received this term, by the procedure each case follows.',
      rows: counted(f.reportedByTrack),
    },
    {
      title: 'Cases decided, by outcome',
      note: 'Findings, responses and actions recorded this term. Sanctions are not listed: in a small school one would name a person.',
      rows: counted(f.decidedByOutcome),
    },
    {
      title: 'Days in each stage',
      note: 'The median number of calendar days that cases decided this term spent in each stage. A stage fewer than 3 cases passed through is not shown.',
      rows: f.stageDays.map((s) =>
        s.cases < SMALL_COUNT
          ? { label: s.stage, shown: `not shown (${SUPPRESSED} cases)`, value: null }
          : {
              label: s.stage,
              shown: `${s.medianDays.toFixed(1)} days`,
              value: Number(s.medianDays.toFixed(1)),
            },
      ),
    },
    {
      title: 'Deadlines',
      note: 'Cases decided this term with every safeguarding and procedural deadline met, and with at least one missed; then the deadlines that passed this term, by kind.',
      rows: [
        ...counted([
          { label: 'Decided with every deadline met', count: f.deadlinesAllMet },
          { label: 'Decided with a deadline missed', count: f.deadlinesMissed },
        ]),
        ...counted(f.missedByClock.map((m) => ({ ...m, label: `Missed: ${m.label}` }))),
      ],
    },
    {
      title: 'Low-level concerns and referrals',
      note: 'Patterns of low-level concerns about the same adult flagged for review this term, and referrals made to other agencies.',
      rows: counted([
        { label: 'Low-level-concern patterns flagged for review', count: f.concernPatterns },
        ...f.referralsByAgency.map((r) => ({ ...r, label: `Referral: ${r.label}` })),
      ]),
    },
  ];
}

function chartOf(rows: FigureRow[]) {
  const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
  const rowHeight = CHART.labelHeight + CHART.barHeight + CHART.rowGap;
  return {
    width: CHART.width,
    height: Math.max(rowHeight, rows.length * rowHeight),
    bars: rows.map((r, i) => {
      const top = i * rowHeight;
      const width = r.value === null ? 0 : Math.max(2, Math.round((r.value / max) * CHART.barMax));
      return {
        label: r.label,
        shown: r.shown,
        labelY: top + CHART.labelHeight - 4,
        barY: top + CHART.labelHeight,
        barHeight: CHART.barHeight,
        width,
        valueX: width + 6,
        valueY: top + CHART.labelHeight + CHART.barHeight - 2,
      };
    }),
  };
}

/**
 * A CSV cell that a spreadsheet shows as text: quoted, and with a leading apostrophe where the
 * text would otherwise start a formula (`=`, `+`, `-`, `@`, or a tab or return before one).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
