import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { label } from '../cases/case-labels.js';
import type { CaseRecord } from '../cases/case.entity.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { sanctionHistory } from '../cases/case-view.js';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { SchoolRulesService } from '../cases/school-rules.service.js';
import {
  findingLabel,
  isFormalSanction,
  ownerRoleLabel,
  type Finding,
  type Sanction,
} from '../cases/workflow/index.js';
import { Translator } from '../platform/i18n/translator.js';
import { isLanguage, type Language } from '../common/language.js';
import { languageOfDocument, wordsIn, type Words } from './document-words.js';
import type { School } from '../schools/school.entity.js';
import { SchoolsService } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';

/** The two letters of the disciplinary procedure (DOMAIN.md §5, §7). */
export const LETTERS = ['invitation', 'outcome'] as const;
export type Letter = (typeof LETTERS)[number];

const WARNING: Partial<Record<Sanction, true>> = {
  first_written_warning: true,
  final_written_warning: true,
};

/**
 * What each letter says, built from the case's structured facts. Neither letter copies the
 * reporter's description or names the reporter: the employee receives it, and a confidential
 * reporter must stay unnamed. The allegation is put as the clauses of the policy it breaches,
 * when and where, and the evidence the employee will be shown, each item with its SHA-256.
 */
@Injectable()
export class LetterContent {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly schools: SchoolsService,
    private readonly rules: SchoolRulesService,
    private readonly translator: Translator,
  ) {}

  /**
   * The language a letter is written in: the employee's own choice when they have an account,
   * else their school's default; `fallback` (the requester's) when the school is not found.
   */
  async languageFor(c: CaseRecord, fallback: Language): Promise<Language> {
    const [subject, school] = await Promise.all([
      c.subjectUserId ? this.users.findById(c.subjectUserId) : null,
      this.schools.findById(c.schoolId),
    ]);
    return [subject?.language, school?.language].find(isLanguage) ?? fallback;
  }

  async invitation(c: CaseRecord, lang: Language): Promise<Record<string, unknown>> {
    const w = wordsIn(this.translator, lang);
    const { day } = w;
    const [school, clauses, evidence, names, rules] = await Promise.all([
      this.schools.findById(c.schoolId),
      this.schools.clausesOf(c.policyVersionId),
      this.dataSource
        .getRepository(EvidenceItem)
        .find({ where: { caseId: c.id }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      this.users.namesOf([c.hearingManagerId, c.ownerUserId].filter((id): id is string => !!id)),
      this.rules.rulesFor(c.schoolId),
    ]);
    const calendar = this.rules.calendarFor(rules);
    const original = c.originalHearingAt ?? c.hearingAt!;
    return {
      ...this.letterhead(c, school, names, c.invitationSentAt!, w),
      hearingAt: w.when(c.hearingAt),
      postponed: c.postponements > 0 ? w.when(original) : null,
      place: c.hearingPlace ?? '',
      manager: names.get(c.hearingManagerId!) ?? w.t('letters.invitation.theHearingManager'),
      occurredAt: w.when(c.occurredAt),
      platform: c.platform ? label(w.named.platform, c.platform) : null,
      classification: c.classification ? w.named.classification[c.classification] : '',
      clauses: clauses.filter((k) => c.clauseCodes.includes(k.code)),
      evidence: evidence.map((e, i) => ({
        number: i + 1,
        mimeType: e.mimeType,
        size: w.t('caseFile.value.bytes', { size: e.size.toLocaleString('en-GB') }),
        sha256: e.sha256,
        capturedAt: e.capturedAt ? w.when(e.capturedAt) : w.t('letters.invitation.notGiven'),
      })),
      noticeDays: rules.noticeWorkingDays,
      // The employee may ask once for another time within five working days of the first.
      postponeBy: day(calendar.addWorkingDays(original, 5)),
      canStillPostpone: c.postponements === 0,
    };
  }

  async outcome(c: CaseRecord, now: Date, lang: Language): Promise<Record<string, unknown>> {
    const w = wordsIn(this.translator, lang);
    const { day } = w;
    const [school, names, rules] = await Promise.all([
      this.schools.findById(c.schoolId),
      this.users.namesOf([c.hearingManagerId, c.ownerUserId].filter((id): id is string => !!id)),
      this.rules.rulesFor(c.schoolId),
    ]);
    const calendar = this.rules.calendarFor(rules);
    // The appeal window runs from the day the letter is sent; until that is recorded, today.
    const dated = c.outcomeLetterSentAt ?? now;
    const { sanction, finding } = await this.originalOutcome(c);
    const formal = isFormalSanction(sanction);
    return {
      ...this.letterhead(c, school, names, dated, w),
      heard: c.hearingHeldAt ? day(c.hearingHeldAt) : null,
      manager: c.hearingManagerId ? (names.get(c.hearingManagerId) ?? null) : null,
      finding: finding ? findingLabel(finding, rules.nation, lang) : '',
      sanction: sanction ? w.named.sanction[sanction] : '',
      grossMisconduct: c.grossMisconduct,
      isWarning: sanction ? Boolean(WARNING[sanction]) : false,
      warningExpiresAt: c.warningExpiresAt ? day(c.warningExpiresAt) : null,
      rationale: c.rationale ?? '',
      formal,
      appealDays: rules.appealWindowWorkingDays,
      appealBy: day(calendar.addWorkingDays(dated, rules.appealWindowWorkingDays)),
    };
  }

  /** The outcome as decided: an appeal's result does not rewrite the original letter. */
  private async originalOutcome(
    c: CaseRecord,
  ): Promise<{ sanction: Sanction | null; finding: Finding | null }> {
    const events = await this.dataSource
      .getRepository(CaseEvent)
      .find({ where: { caseId: c.id }, order: { seq: 'ASC' } });
    const decided = sanctionHistory(c, events)
      .filter((h) => h.by === 'outcome')
      .at(-1);
    if (!decided) return { sanction: c.sanction, finding: c.finding };
    return {
      sanction: decided.sanction as Sanction,
      finding: (decided.finding as Finding | null) ?? c.finding,
    };
  }

  private letterhead(
    c: CaseRecord,
    school: Pick<School, 'name' | 'nation'> | null,
    names: Map<string, string>,
    dated: Date,
    w: Words,
  ) {
    return {
      ...languageOfDocument(w.lang),
      reference: c.reference,
      schoolName: school?.name ?? '',
      date: w.day(dated),
      employee: c.subjectName?.trim() || w.t('letters.theEmployee'),
      from: c.ownerUserId ? (names.get(c.ownerUserId) ?? '') : '',
      fromRole: ownerRoleLabel(c.ownerRole, school?.nation ?? 'england', w.lang),
    };
  }
}
