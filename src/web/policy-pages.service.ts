import { Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import type { PolicyUpload } from '../schools/policy-import/policy-upload.interceptor.js';
import type { ClauseDraft, PolicyApproval } from '../schools/policy-codes.js';
import { PolicyService, type PolicyProposal } from '../schools/policy.service.js';
import { SchoolsService } from '../schools/schools.service.js';
import { formErrors, type FormError } from './form-errors.js';
import { languageOf, PageContext } from './page-context.js';
import { Translator } from '../platform/i18n/translator.js';
import type { PageResult } from './page-result.js';

const APPROVAL_FIELDS = ['approvedBy', 'approvedOn', 'reviewDue'] as const;

/** One row of the review form: a proposed (or edited) clause, kept unless the admin drops it. */
interface ReviewRow {
  keep: boolean;
  code: string;
  title: string;
  text: string;
  modelCode: string | null;
}

/**
 * Importing the school's own policy (DOMAIN.md §10): paste or upload it, review the clauses the
 * engine proposes (confirm, edit or drop each), then publish them as a new approved version.
 * Nothing is stored until the admin publishes; the pasted text and the file are not kept.
 */
@Injectable()
export class PolicyPagesService {
  constructor(
    private readonly schools: SchoolsService,
    private readonly policy: PolicyService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  async importForm(req: RequestWithActor, schoolId: string, errors: FormError[] = [], text = '') {
    const school = await this.school(req, schoolId);
    return {
      ...this.pages.base(
        req,
        this.words.t('adminPolicy.import.title', languageOf(req), { code: school.code }),
        '/admin',
      ),
      school,
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
      text,
    };
  }

  /** The proposal from the pasted text or the uploaded file, shown for review. */
  async propose(req: RequestWithActor, schoolId: string, body: PolicyUpload): Promise<PageResult> {
    await this.school(req, schoolId);
    try {
      const proposal: PolicyProposal = body.file
        ? await this.policy.proposeFromFile(req.actor!, schoolId, body.file)
        : this.policy.propose(req.actor!, schoolId, body.text);
      const rows = proposal.clauses.map((c) => ({
        keep: true,
        code: c.code,
        title: c.title,
        text: c.text,
        modelCode: c.modelCode,
      }));
      return { view: 'web/admin/policy-review', model: await this.review(req, schoolId, rows) };
    } catch (error) {
      const errors = formErrors(error, ['text'], {}, languageOf(req));
      return {
        view: 'web/admin/policy-import',
        model: await this.importForm(req, schoolId, errors, body.file ? '' : body.text),
        status: 400,
      };
    }
  }

  /** Publishes the rows the admin kept, as edited, with the approval. */
  async publish(
    req: RequestWithActor,
    schoolId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    await this.school(req, schoolId);
    const rows = reviewRows(body);
    const approval = Object.fromEntries(
      APPROVAL_FIELDS.map((f) => [f, typeof body[f] === 'string' ? body[f] : '']),
    ) as unknown as PolicyApproval;
    try {
      const drafts: ClauseDraft[] = rows
        .filter((r) => r.keep)
        .map((r) => ({ code: r.code.trim() || null, title: r.title, text: r.text || null }));
      await this.policy.publish(req.actor!, schoolId, drafts, approval);
      return { redirect: '/admin?done=policy' };
    } catch (error) {
      const errors = formErrors(error, [...APPROVAL_FIELDS], {}, languageOf(req));
      return {
        view: 'web/admin/policy-review',
        model: await this.review(req, schoolId, rows, approval, errors),
        status: 400,
      };
    }
  }

  private async review(
    req: RequestWithActor,
    schoolId: string,
    rows: ReviewRow[],
    approval: Partial<PolicyApproval> = {},
    errors: FormError[] = [],
  ) {
    const school = await this.school(req, schoolId);
    return {
      ...this.pages.base(
        req,
        this.words.t('adminPolicy.review.title', languageOf(req), { code: school.code }),
        '/admin',
      ),
      school,
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
      rows: rows.map((r, i) => ({ ...r, index: i, number: i + 1 })),
      approval: { approvedBy: '', approvedOn: '', reviewDue: '', ...approval },
      fieldErrors: Object.fromEntries(
        APPROVAL_FIELDS.map((f) => [f, errors.find((e) => e.field === f)?.text ?? null]),
      ),
    };
  }

  private async school(req: RequestWithActor, schoolId: string) {
    if (!req.actor!.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    const school = await this.schools.findById(schoolId);
    if (!school) throw new NotFoundDomainException('School');
    return { id: school.id, code: school.code, name: school.name };
  }
}

/**
 * The review form's rows: `code`, `title`, `text` and `modelCode` repeat once per row, in
 * order; `keep` lists the row numbers (0-based) the admin left ticked.
 */
export function reviewRows(body: Record<string, unknown>): ReviewRow[] {
  const list = (name: string): string[] => {
    const v = body[name];
    if (Array.isArray(v)) return v.map(String);
    return typeof v === 'string' ? [v] : [];
  };
  const titles = list('title');
  const codes = list('code');
  const texts = list('text');
  const models = list('modelCode');
  const kept = new Set(list('keep'));
  return titles.slice(0, 500).map((title, i) => ({
    keep: kept.has(String(i)),
    code: codes[i] ?? '',
    title,
    text: texts[i] ?? '',
    modelCode: models[i] || null,
  }));
}
