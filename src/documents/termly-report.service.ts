import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  parseTermKey,
  SMALL_COUNT,
  termContaining,
  type FigureCount,
  type SchoolTerm,
  type TermlyFigures,
} from '../cases/termly-figures.js';
import { TermlyFiguresService } from '../cases/termly-figures.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import type { Role } from '../common/role.js';
import { HTML_LANG, type Language } from '../common/language.js';
import { Translator } from '../platform/i18n/translator.js';
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
    private readonly translator: Translator,
  ) {}

  async pdfFor(actor: Actor, schoolId: string, termKey?: string): Promise<CaseFilePdf> {
    const { schoolCode, term } = this.access(actor, schoolId, termKey);
    const figures = await this.figures.forSchool(schoolId, term, actor.language);
    const now = this.clock.now();
    // In the language of the person who asks for it (their choice, else their school's).
    const lang = actor.language;
    const w = this.wordsIn(lang);
    const heading = `${schoolCode} · ${termLabel(term, w)}`;
    const sections = sectionsOf(figures, w);
    const bytes = await this.pdf.render({
      html: this.templates.render('pdf/termly-report', {
        lang,
        htmlLang: HTML_LANG[lang],
        schoolCode,
        term: termLabel(term, w),
        from: formatLondon(term.starts, 'date', lang),
        until: formatLondon(new Date(term.ends.getTime() - 1), 'date', lang),
        smallCount: SMALL_COUNT,
        reported: shownCount(figures.reported, w),
        decided: shownCount(figures.decided, w),
        sections: sections.map((s) => ({ ...s, chart: chartOf(s.rows) })),
      }),
      headerHtml: this.templates.render('pdf/page-header', {
        lang,
        reference: heading,
        variantLabel: w.t('pdf.variant.termlyReport'),
      }),
      footerHtml: this.templates.render('pdf/page-footer', {
        lang,
        reference: heading,
        generatedAt: formatLondon(now, 'datetime', lang),
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
    const figures = await this.figures.forSchool(schoolId, term, actor.language);
    const w = this.wordsIn(actor.language);
    const label = termLabel(term, w);
    const cases = w.t('termlyReport.csv.cases');
    const lines = [
      ['school', 'term', 'section', 'item', 'value'],
      [schoolCode, label, cases, w.t('termlyReport.csv.reported'), shownCount(figures.reported, w)],
      [schoolCode, label, cases, w.t('termlyReport.csv.decided'), shownCount(figures.decided, w)],
      ...sectionsOf(figures, w).flatMap((s) =>
        s.rows.map((r) => [schoolCode, label, s.title, r.label, r.shown]),
      ),
    ];
    return {
      body: lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n',
      filename: `${schoolCode}-${term.key}-termly-report.csv`,
    };
  }

  private wordsIn(lang: Language): TermWords {
    return { t: (key, args) => this.translator.t(key, lang, args) };
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

/** The report's words in one language. */
interface TermWords {
  t(key: string, args?: Record<string, unknown>): string;
}

/** "Autumn term 2026", "Tymor yr hydref 2026". */
function termLabel(term: SchoolTerm, w: TermWords): string {
  return w.t(`termlyReport.term.${term.season}`, { year: term.year });
}

/** A count as it may be shown: "fewer than 3" below SMALL_COUNT, so no one is identified. */
function shownCount(n: number, w: TermWords): string {
  return n < SMALL_COUNT ? w.t('termlyReport.fewerThan', { smallCount: SMALL_COUNT }) : String(n);
}

function counted(rows: FigureCount[], w: TermWords): FigureRow[] {
  return rows.map(({ label, count }) => ({
    label,
    shown: shownCount(count, w),
    value: count < SMALL_COUNT ? null : count,
  }));
}

function sectionsOf(f: TermlyFigures, w: TermWords): Section[] {
  return [
    {
      title: w.t('termlyReport.byTrack.title'),
      note: w.t('termlyReport.byTrack.note'),
      rows: counted(f.reportedByTrack, w),
    },
    {
      title: w.t('termlyReport.byOutcome.title'),
      note: w.t('termlyReport.byOutcome.note'),
      rows: counted(f.decidedByOutcome, w),
    },
    {
      title: w.t('termlyReport.stageDays.title'),
      note: w.t('termlyReport.stageDays.note', { smallCount: SMALL_COUNT }),
      rows: f.stageDays.map((s) =>
        s.cases < SMALL_COUNT
          ? {
              label: s.stage,
              shown: w.t('termlyReport.stageDays.notShown', { smallCount: SMALL_COUNT }),
              value: null,
            }
          : {
              label: s.stage,
              shown: w.t('termlyReport.stageDays.days', { days: s.medianDays.toFixed(1) }),
              value: Number(s.medianDays.toFixed(1)),
            },
      ),
    },
    {
      title: w.t('termlyReport.deadlines.title'),
      note: w.t('termlyReport.deadlines.note'),
      rows: [
        ...counted(
          [
            { label: w.t('termlyReport.deadlines.allMet'), count: f.deadlinesAllMet },
            { label: w.t('termlyReport.deadlines.missed'), count: f.deadlinesMissed },
          ],
          w,
        ),
        ...counted(
          f.missedByClock.map((m) => ({
            ...m,
            label: w.t('termlyReport.deadlines.missedClock', { clock: m.label }),
          })),
          w,
        ),
      ],
    },
    {
      title: w.t('termlyReport.concerns.title'),
      note: w.t('termlyReport.concerns.note'),
      rows: counted(
        [
          { label: w.t('termlyReport.concerns.patterns'), count: f.concernPatterns },
          ...f.referralsByAgency.map((r) => ({
            ...r,
            label: w.t('termlyReport.concerns.referral', { agency: r.label }),
          })),
        ],
        w,
      ),
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
