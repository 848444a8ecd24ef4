import { Injectable } from '@nestjs/common';
import {
  ABOUT_HEADTEACHER_ANSWERS,
  PLATFORMS,
  SUBJECT_RELATIONSHIPS,
} from '../cases/case.constants.js';
import { caseWordsIn } from '../cases/case-labels.js';
import { CasesService } from '../cases/cases.service.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { UploadFormReader } from '../platform/uploads/upload-form.reader.js';
import { CreateReportDto, REPORT_FORM } from '../reports/dto/create-report.dto.js';
import { ReportIntakeService } from '../reports/report-intake.service.js';
import { SchoolsService } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { errorFor, FormError, formErrors } from './form-errors.js';
import { Translator } from '../platform/i18n/translator.js';
import { languageOf, PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';
import { evidenceRows } from './evidence-rows.js';

const FIELDS = [
  'schoolId',
  'type',
  'clauseCodes',
  'description',
  'occurredAt',
  'aboutHeadteacher',
  'subjectUserId',
  'subjectName',
  'subjectRelationship',
  'platform',
  'postUrl',
  'safeguarding',
  'confidentialReporter',
  'indecentImagesOfChildren',
  'evidence',
  'evidenceCapturedAt',
] as const;

/** Each field as the report form asks it, so a message names the question the reporter saw. */
export const REPORT_LABELS: Record<string, string> = {
  schoolId: 'reports.new.school',
  type: 'reports.new.type.legend',
  clauseCodes: 'reports.new.clauses.legend',
  description: 'reports.new.description.label',
  occurredAt: 'reports.new.occurredAt.label',
  aboutHeadteacher: 'reports.new.aboutHeadteacher.legend',
  subjectUserId: 'reports.new.subjectUserId.name',
  subjectName: 'reports.new.subjectName.name',
  subjectRelationship: 'reports.new.subjectRelationship.label',
  platform: 'reports.new.platform.label',
  postUrl: 'reports.new.postUrl.name',
  evidence: 'reports.new.evidence.name',
  evidenceCapturedAt: 'reports.new.evidence.capturedAtName',
};

/** "Report a concern" and "My reports": the intake as a form a person fills in on a phone. */
@Injectable()
export class ReportPagesService {
  constructor(
    private readonly intake: ReportIntakeService,
    private readonly cases: CasesService,
    private readonly schools: SchoolsService,
    private readonly users: UsersService,
    private readonly pages: PageContext,
    private readonly uploads: UploadFormReader,
    private readonly words: Translator,
  ) {}

  async form(
    req: RequestWithActor,
    values: Record<string, unknown> = {},
    errors: FormError[] = [],
  ) {
    const actor = req.actor!;
    const memberships = [...new Map(actor.memberships.map((m) => [m.schoolId, m])).values()];
    const wanted = String(values.schoolId ?? req.query.school ?? memberships[0]?.schoolId ?? '');
    const schoolId = memberships.some((m) => m.schoolId === wanted)
      ? wanted
      : (memberships[0]?.schoolId ?? '');
    const [catalogue, people] = schoolId
      ? await Promise.all([this.schools.currentPolicy(schoolId), this.users.directory(schoolId)])
      : [null, []];
    const chosen = new Set(asList(values.clauseCodes));
    const type = String(values.type ?? 'policy_breach');
    const field = (name: string) => ({ id: name, error: errorFor(errors, name) });
    const lang = languageOf(req);
    const vocabulary = caseWordsIn(lang);
    const base = this.pages.base(req, this.words.t('reports.new.title', lang), '/reports/new');
    return {
      ...base,
      errors: errors.map((e) => ({ text: e.text, href: e.href, lang: e.lang })),
      action: `/reports/new?_csrf=${encodeURIComponent(base.page.csrfToken)}`,
      schools: memberships.map((m) => ({
        id: m.schoolId,
        code: m.schoolCode,
        selected: m.schoolId === schoolId,
      })),
      manySchools: memberships.length > 1,
      schoolId,
      types: [
        {
          value: 'policy_breach',
          label: this.words.t('reports.new.type.policyBreach', lang),
          checked: type === 'policy_breach',
        },
        {
          value: 'online_abuse',
          label: this.words.t('reports.new.type.onlineAbuse', lang),
          checked: type === 'online_abuse',
        },
      ],
      clauses: (catalogue?.clauses ?? []).map((c) => ({ ...c, checked: chosen.has(c.code) })),
      description: String(values.description ?? ''),
      occurredAt: toLocalInput(values.occurredAt),
      aboutHeadteacher: ABOUT_HEADTEACHER_ANSWERS.map((a) => ({
        value: a,
        label: vocabulary.aboutHeadteacher[a],
        checked: values.aboutHeadteacher === a,
      })),
      people: people
        .filter((p) => p.id !== actor.userId)
        .map((p) => ({ id: p.id, name: p.name, selected: values.subjectUserId === p.id })),
      subjectName: String(values.subjectName ?? ''),
      relationships: SUBJECT_RELATIONSHIPS.map((r) => ({
        value: r,
        label: vocabulary.relationship[r],
        selected: values.subjectRelationship === r,
      })),
      platforms: PLATFORMS.map((p) => ({
        value: p,
        label: vocabulary.platform[p],
        selected: values.platform === p,
      })),
      postUrl: String(values.postUrl ?? ''),
      safeguarding: values.safeguarding === true || values.safeguarding === 'true',
      confidentialReporter:
        values.confidentialReporter === true || values.confidentialReporter === 'true',
      indecentImages:
        values.indecentImagesOfChildren === true || values.indecentImagesOfChildren === 'true',
      fields: Object.fromEntries(FIELDS.map((f) => [f, field(f)])),
      filesLost: errors.length > 0,
      ...evidenceRows(),
    };
  }

  /** Success goes to a confirmation page; a refusal shows the form again, filled in, errors by fields. */
  async submit(req: RequestWithActor): Promise<PageResult> {
    try {
      // Read here, not by an interceptor: a refused form is shown again by the catch below.
      // The form asks "is this about the headteacher?" and wants an answer: a default of "no"
      // would show the head a report about herself whenever a reporter skipped the question.
      const created = await this.uploads.withForm(req, CreateReportDto, REPORT_FORM, (form) =>
        this.intake.file(req.actor!, form.dto, form.files, { requireAboutHeadteacher: true }),
      );
      return { redirect: `/reports/${created.id}/received` };
    } catch (error) {
      const lang = languageOf(req);
      const labels = Object.fromEntries(
        Object.entries(REPORT_LABELS).map(([field, key]) => [field, this.words.t(key, lang)]),
      );
      const errors = formErrors(error, FIELDS, labels, lang);
      const values = error instanceof DomainException ? (error.formValues ?? {}) : {};
      return {
        view: 'web/reports/new',
        model: await this.form(req, values, errors),
        status: (error as DomainException).status,
      };
    }
  }

  async received(req: RequestWithActor, caseId: string) {
    const c = await this.cases.detail(req.actor!, caseId);
    const lang = languageOf(req);
    return {
      ...this.pages.base(req, this.words.t('reports.received.title', lang), '/reports/mine'),
      reference: c.reference,
      reportedAt: formatLondon(c.reportedAt, 'datetime', lang),
    };
  }

  async mine(req: RequestWithActor) {
    const list = await this.cases.list(req.actor!, { limit: 100 }, 'mine');
    const lang = languageOf(req);
    const status = caseWordsIn(lang).status;
    return {
      ...this.pages.base(req, this.words.t('reports.mine.title', lang), '/reports/mine'),
      reports: list.items.map((c) => ({
        id: c.id,
        reference: c.reference,
        status: status[c.status as keyof typeof status],
        reportedAt: formatLondon(c.reportedAt, 'datetime', lang),
      })),
    };
  }
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim());
  return [];
}

/** An ISO instant shown back in a datetime-local box (London time). */
function toLocalInput(value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
