import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CasesService } from '../cases/cases.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { PdfRenderer } from '../platform/pdf/pdf-renderer.js';
import { formatLondon, TemplateRenderer } from '../platform/templates/template-renderer.js';
import { Translator } from '../platform/i18n/translator.js';
import type { CaseFilePdf } from './case-files.service.js';
import { IssuedDocumentsService } from './issued-documents.service.js';
import { LetterContent, type Letter } from './letter-content.js';

const LABEL: Record<Letter, string> = {
  invitation: 'pdf.variant.invitation',
  outcome: 'pdf.variant.outcome',
};

/**
 * The hearing invitation and the outcome letter as PDFs, recorded and verifiable like the case
 * files. For the owner, HR and whoever hears the case: the people who send, advise on or sign
 * them. Anyone else gets the same 404 as for a case they cannot see.
 */
@Injectable()
export class CaseLettersService {
  constructor(
    private readonly cases: CasesService,
    private readonly content: LetterContent,
    private readonly templates: TemplateRenderer,
    private readonly pdf: PdfRenderer,
    private readonly issued: IssuedDocumentsService,
    private readonly clock: Clock,
    private readonly translator: Translator,
  ) {}

  async download(actor: Actor, caseId: string, letter: Letter): Promise<CaseFilePdf> {
    const { record: c, relation } = await this.cases.findVisible(actor, caseId);
    const hears =
      (relation.isHearingManager && c.hearingManagerId === actor.userId) || relation.isPanelMember;
    if (!relation.isOwner && !relation.isHr && !hears) throw new NotFoundDomainException('Case');
    if (letter === 'invitation' && !(c.hearingManagerId && c.hearingAt && c.invitationSentAt))
      throw new DomainException(
        409,
        'CASE_LETTER_NOT_READY',
        'The invitation letter exists once a disciplinary hearing has been called',
      );
    if (letter === 'outcome' && !(c.decidedAt && c.hearingManagerId))
      throw new DomainException(
        409,
        'CASE_LETTER_NOT_READY',
        'The outcome letter exists once a hearing has decided the case',
      );
    const now = this.clock.now();
    // A letter is in its recipient's language (the employee's choice, else their school's),
    // whoever prints it: the page header and footer too, so the document is in one language.
    const lang = await this.content.languageFor(c, actor.language);
    const model =
      letter === 'invitation'
        ? await this.content.invitation(c, lang)
        : await this.content.outcome(c, now, lang);
    const page = {
      lang,
      reference: c.reference,
      variantLabel: this.translator.t(LABEL[letter], lang),
      generatedAt: formatLondon(now, 'datetime', lang),
      generatedBy: actor.name,
    };
    const bytes = await this.pdf.render({
      html: this.templates.render(`pdf/${letter}-letter`, model),
      headerHtml: this.templates.render('pdf/page-header', page),
      footerHtml: this.templates.render('pdf/page-footer', page),
      assets: [],
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.issued.record({
      sha256,
      caseId: c.id,
      schoolId: c.schoolId,
      reference: c.reference,
      variant: letter,
      generatedAt: now,
      generatedById: actor.userId,
    });
    return { bytes, sha256, filename: `${c.reference}-${letter}-letter.pdf` };
  }
}
