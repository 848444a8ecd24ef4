import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DECIDED_STATUSES } from '../cases/case-access.js';
import { CasesService } from '../cases/cases.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { CaseFileContent } from './case-file-content.js';
import type { CaseFileVariant } from './issued-document.entity.js';
import { IssuedDocumentsService } from './issued-documents.service.js';
import type { CaseRecord } from '../cases/case.entity.js';
import type { PdfAsset } from '../platform/pdf/pdf-job.js';
import { PdfRenderer } from '../platform/pdf/pdf-renderer.js';
import { formatLondon, TemplateRenderer } from '../platform/templates/template-renderer.js';
import { Translator } from '../platform/i18n/translator.js';
import type { Language } from '../common/language.js';

/** A case file checked and built, not yet rendered. */
export interface PreparedCaseFile {
  record: CaseRecord;
  variant: CaseFileVariant;
  now: Date;
  /** The language it is made in: the requester's (their choice, else their school's). */
  lang: Language;
  model: object;
  assets: readonly PdfAsset[];
  imageCount: number;
}

export interface CaseFilePdf {
  bytes: Buffer;
  filename: string;
  sha256: string;
}

const VARIANT_LABEL: Record<CaseFileVariant, string> = {
  hr: 'pdf.variant.hr',
  governors: 'pdf.variant.governors',
};

/**
 * Renders, records and hands out case files. Each download is recorded by the SHA-256 of its
 * exact bytes, in the audit log and in issued_document, before the bytes leave.
 */
@Injectable()
export class CaseFilesService {
  constructor(
    private readonly cases: CasesService,
    private readonly content: CaseFileContent,
    private readonly templates: TemplateRenderer,
    private readonly pdf: PdfRenderer,
    private readonly issued: IssuedDocumentsService,
    private readonly clock: Clock,
    private readonly translator: Translator,
  ) {}

  /** `cancel`: the caller has gone; the render, if running, is killed at once. */
  async download(
    actor: Actor,
    caseId: string,
    variant: CaseFileVariant,
    cancel?: AbortSignal,
  ): Promise<CaseFilePdf> {
    return this.render(actor, await this.prepare(actor, caseId, variant), { signal: cancel });
  }

  /** The case and its content, ready to render; `imageCount` says how big the render will be. */
  async prepare(actor: Actor, caseId: string, variant: CaseFileVariant): Promise<PreparedCaseFile> {
    return this.build(actor, await this.authorize(actor, caseId, variant), variant);
  }

  /**
   * Who may have which file, checked here for every path (a download, a background render, a
   * file made earlier handed over): the case, or 404 (409 for a summary not yet due).
   */
  async authorize(actor: Actor, caseId: string, variant: CaseFileVariant): Promise<CaseRecord> {
    // The governors' summary is the one document a governor may have without seeing the case.
    const { record, relation } =
      variant === 'hr'
        ? await this.cases.findVisible(actor, caseId)
        : await this.cases.findForBoardSummary(actor, caseId);
    const decided = (DECIDED_STATUSES as readonly string[]).includes(record.status);
    if (variant === 'hr' && !relation.isOwner && !relation.isHr)
      throw new NotFoundDomainException('Case');
    if (variant === 'governors') {
      if (!relation.isOwner && !relation.mayReadBoardSummary)
        throw new NotFoundDomainException('Case');
      if (!decided) {
        throw new DomainException(
          409,
          'CASE_NOT_DECIDED',
          "The governors' summary exists once an outcome is recorded",
        );
      }
    }
    return record;
  }

  /** The file's content for a case `authorize` let through. */
  async build(
    actor: Actor,
    record: CaseRecord,
    variant: CaseFileVariant,
  ): Promise<PreparedCaseFile> {
    const now = this.clock.now();
    // In the language of the person who asks for it (their choice, else their school's).
    const lang = actor.language;
    const { model, assets } =
      variant === 'hr'
        ? await this.content.hrFile(record, lang)
        : await this.content.governorsSummary(record, now, lang);
    return { record, variant, now, lang, model, assets, imageCount: assets.length };
  }

  /** Renders a prepared file and records it by the SHA-256 of its bytes before they leave. */
  async render(
    actor: Actor,
    prepared: PreparedCaseFile,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<CaseFilePdf> {
    const { record, variant, now, lang, model, assets } = prepared;
    const page = {
      lang,
      reference: record.reference,
      variantLabel: this.translator.t(VARIANT_LABEL[variant], lang),
      generatedAt: formatLondon(now, 'datetime', lang),
      generatedBy: actor.name,
    };
    const bytes = await this.pdf.render({
      html: this.templates.render(
        variant === 'hr' ? 'pdf/hr-case-file' : 'pdf/governors-summary',
        model,
      ),
      headerHtml: this.templates.render('pdf/page-header', page),
      footerHtml: this.templates.render('pdf/page-footer', page),
      assets,
      owner: actor.userId,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.issued.record({
      sha256,
      caseId: record.id,
      schoolId: record.schoolId,
      reference: record.reference,
      variant,
      generatedAt: now,
      generatedById: actor.userId,
    });
    return {
      bytes,
      sha256,
      filename: `${record.reference}-${variant === 'hr' ? 'hr-case-file' : 'governors-summary'}.pdf`,
    };
  }
}
