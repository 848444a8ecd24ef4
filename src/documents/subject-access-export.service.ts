import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity.js';
import { describeEvent, label } from '../cases/case-labels.js';
import { CasePanelMember } from '../cases/case-panel-member.entity.js';
import { CaseRecord } from '../cases/case.entity.js';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { PdfRenderer } from '../platform/pdf/pdf-renderer.js';
import { TemplateRenderer } from '../platform/templates/template-renderer.js';
import { UsersService } from '../users/users.service.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/language.js';
import { Translator } from '../platform/i18n/translator.js';
import { retentionRuleWords } from './case-file-content.js';
import type { RetentionRule } from '../cases/workflow/index.js';
import { codeOrWord, languageOfDocument, wordsIn, type Words } from './document-words.js';
import { SubjectAccessExport } from './subject-access-export.entity.js';

/** What the export needs to know of the request: who it is about, and for whom it is drafted. */
export interface SubjectAccessScope {
  requestId: string;
  schoolId: string;
  schoolCode: string;
  personUserId: string | null;
  personName: string;
  receivedOn: string;
  /** The head reviews: cases the head may never see (about the head) are not read for them. */
  excludeHeadExcluded: boolean;
}

/** A free-text passage the reviewer must read before release, with the names found in it. */
export interface ReviewFlag {
  path: string;
  caseReference: string;
  field: string;
  detectedNames: string[];
}

/** One free-text field in the export: the words, and that they await (or had) review. */
interface FreeText {
  text: string;
  freeText: true;
}

/**
 * The export of everything held about one person (issue 15 item 5, DOMAIN.md §8): their cases
 * as subject or reporter, each case's timeline, outcome and evidence list with hashes, as a PDF
 * and a JSON file. Other people's names held in structured fields (the reporter, another
 * subject, the case manager, investigator, hearing manager, panel members, whoever acted on the
 * timeline) are replaced by what they were; free text is kept but flagged, with the names of the
 * school's people and of the case's other parties found in it, for the reviewer to check before
 * release. Evidence files are listed by hash, not copied: the reviewer releases them separately
 * if they decide to. Stored byte for byte, so the copy released is the copy reviewed.
 */
@Injectable()
export class SubjectAccessExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly templates: TemplateRenderer,
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
    private readonly translator: Translator,
  ) {}

  /** Builds and renders a draft; the caller stores it with its event in one transaction. */
  async draft(actor: Actor, scope: SubjectAccessScope): Promise<SubjectAccessExport> {
    const now = this.clock.now();
    // In the language of the person who drafts it for review (their choice, else their school's).
    const lang = actor.language;
    const w = wordsIn(this.translator, lang);
    const content = await this.contentFor(scope, this.dataSource.manager, lang);
    const json = JSON.stringify(
      {
        format: 'subject-access-export/1',
        school: scope.schoolCode,
        request: { id: scope.requestId, receivedOn: scope.receivedOn },
        person: { userId: scope.personUserId, name: scope.personName },
        preparedAt: now.toISOString(),
        note: w.t('subjectAccess.jsonNote'),
        cases: content.cases,
      },
      null,
      2,
    );
    const bytes = await this.pdf.render({
      html: this.templates.render('pdf/subject-access-export', {
        ...languageOfDocument(lang),
        schoolCode: scope.schoolCode,
        personName: scope.personName,
        receivedOn: w.day(`${scope.receivedOn}T12:00:00.000Z`),
        preparedAt: w.when(now),
        cases: content.cases.map((c) => viewOf(c, w)),
      }),
      headerHtml: this.templates.render('pdf/page-header', {
        lang,
        reference: `${scope.schoolCode} subject access`,
        variantLabel: w.t('pdf.variant.subjectAccess'),
      }),
      footerHtml: this.templates.render('pdf/page-footer', {
        lang,
        reference: `${scope.schoolCode} subject access`,
        generatedAt: w.when(now),
        generatedBy: actor.name,
      }),
      assets: [],
    });
    const row = Object.assign(new SubjectAccessExport(), {
      id: randomUUID(),
      requestId: scope.requestId,
      schoolId: scope.schoolId,
      createdAt: now,
      createdById: actor.userId,
      pdfSha256: sha256(bytes),
      jsonSha256: sha256(Buffer.from(json, 'utf8')),
      pdfBase64: Buffer.from(bytes).toString('base64'),
      json,
      review: JSON.stringify(content.flags),
      caseCount: content.cases.length,
      flagCount: content.flags.length,
    });
    return row;
  }

  /** The cases held about the person, with redactions made and free text flagged. */
  async contentFor(
    scope: SubjectAccessScope,
    em: EntityManager = this.dataSource.manager,
    lang: Language = DEFAULT_LANGUAGE,
  ): Promise<{ cases: ExportedCase[]; flags: ReviewFlag[] }> {
    const w = wordsIn(this.translator, lang);
    const redacted = (who: string, args?: Record<string, unknown>) =>
      w.t('subjectAccess.redacted', { who: w.t(`subjectAccess.who.${who}`, args) });
    const qb = em
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.schoolId = :schoolId', { schoolId: scope.schoolId })
      .andWhere(
        new Brackets((w) => {
          if (scope.personUserId) {
            w.where('c.subjectUserId = :uid', { uid: scope.personUserId }).orWhere(
              'c.reporterId = :uid',
              { uid: scope.personUserId },
            );
          }
          // A subject named on the report but not linked to an account: matched by the name.
          w.orWhere('(c.subjectUserId IS NULL AND LOWER(TRIM(c.subjectName)) = :name)', {
            name: scope.personName.trim().toLowerCase(),
          });
        }),
      )
      .orderBy('c.reportedAt', 'ASC')
      .addOrderBy('c.reference', 'ASC');
    if (scope.excludeHeadExcluded) qb.andWhere('c.headExcluded = :no', { no: false });
    const records = await qb.getMany();
    if (records.length === 0) return { cases: [], flags: [] };
    const ids = records.map((c) => c.id);
    const [events, evidence, panels] = await Promise.all([
      em
        .getRepository(CaseEvent)
        .find({ where: { caseId: In(ids) }, order: { caseId: 'ASC', seq: 'ASC' } }),
      em
        .getRepository(EvidenceItem)
        .find({ where: { caseId: In(ids) }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      em.getRepository(CasePanelMember).find({ where: { caseId: In(ids) } }),
    ]);
    // Names to look for in free text: the school's people and every case's named subject,
    // except the person's own.
    const directory = await this.users.directory(scope.schoolId);
    const own = scope.personName.trim().toLowerCase();
    const otherNames = new Set<string>(
      [...directory.map((p) => p.name), ...records.map((c) => c.subjectName ?? '')]
        .map((n) => n.trim())
        .filter((n) => n.length >= 3 && n.toLowerCase() !== own),
    );
    const isSelf = (userId: string | null) =>
      scope.personUserId !== null && userId === scope.personUserId;
    const flags: ReviewFlag[] = [];
    const cases = records.map((c, i): ExportedCase => {
      const asSubject =
        (scope.personUserId !== null && c.subjectUserId === scope.personUserId) ||
        (c.subjectUserId === null && (c.subjectName ?? '').trim().toLowerCase() === own);
      const asReporter = isSelf(c.reporterId);
      // Found by the name alone: two people may share one, so the reviewer confirms it is theirs.
      if (asSubject && c.subjectUserId === null)
        flags.push({
          path: `cases[${i}].subject`,
          caseReference: c.reference,
          field: 'subject matched by name only',
          detectedNames: [c.subjectName ?? ''],
        });
      const free = (field: string, text: string | null): FreeText | null => {
        if (text === null || text.trim() === '') return null;
        flags.push({
          path: `cases[${i}].${field}`,
          caseReference: c.reference,
          field: field.replace(/\[\d+\]/g, ''),
          detectedNames: namesIn(text, otherNames, own),
        });
        return { text, freeText: true };
      };
      const actorOf = (userId: string | null) =>
        userId === null
          ? w.t('subjectAccess.theSystem')
          : isSelf(userId)
            ? w.t('subjectAccess.you')
            : redacted('memberOfStaff');
      return {
        reference: c.reference,
        roles: [...(asSubject ? ['subject'] : []), ...(asReporter ? ['reporter'] : [])],
        type: c.type,
        status: c.status,
        classification: c.classification,
        clauseCodes: c.clauseCodes,
        platform: c.platform,
        occurredAt: c.occurredAt.toISOString(),
        reportedAt: c.reportedAt.toISOString(),
        subject: {
          name: asSubject ? scope.personName : c.subjectName ? redacted('anotherPerson') : null,
          relationship: c.subjectRelationship,
        },
        reporter: asReporter
          ? scope.personName
          : redacted(c.confidentialReporter ? 'confidentialReporter' : 'reporter'),
        caseManager: redacted('caseManager', {
          role:
            lang === 'en'
              ? c.ownerRole.replace(/_/g, ' ')
              : w.named.ownerRole[c.ownerRole].toLowerCase(),
        }),
        investigator: c.investigatorId ? redacted('investigator') : null,
        hearingManager: c.hearingManagerId ? redacted('hearingManager') : null,
        panel: panels
          .filter((p) => p.caseId === c.id)
          .map((p) => ({ purpose: p.purpose, member: redacted('panelMember') })),
        description: free('description', c.description),
        postUrl: free('postUrl', c.postUrl),
        outcome: c.decidedAt
          ? {
              finding: c.finding,
              sanction: c.sanction,
              rationale: free('outcome.rationale', c.rationale),
              decidedAt: c.decidedAt.toISOString(),
              appealResult: c.appealResult,
              appealGrounds: free('outcome.appealGrounds', c.appealGrounds),
            }
          : null,
        closedAt: c.closedAt?.toISOString() ?? null,
        retention: c.retentionRule
          ? { rule: c.retentionRule, retainUntil: c.retainUntil?.toISOString() ?? null }
          : null,
        evidence: evidence
          .filter((e) => e.caseId === c.id)
          .map((e, j) => ({
            sha256: e.sha256,
            size: e.size,
            mimeType: e.mimeType,
            platform: e.platform,
            capturedAt: e.capturedAt?.toISOString() ?? null,
            receivedAt: e.receivedAt.toISOString(),
            addedBy: actorOf(e.addedById),
            postUrl: free(`evidence[${j}].postUrl`, e.postUrl),
          })),
        timeline: events
          .filter((e) => e.caseId === c.id)
          .map((e, j) => ({
            at: e.at.toISOString(),
            kind: e.kind,
            // In words, as the HR file's timeline says it; the codes stay for a program.
            what: describeEvent(e, lang),
            from: e.fromStatus,
            to: e.toStatus,
            by: actorOf(e.actorId),
            note: free(`timeline[${j}].note`, e.note),
          })),
      };
    });
    return { cases, flags };
  }
}

export interface ExportedCase {
  reference: string;
  roles: string[];
  type: string;
  status: string;
  classification: string | null;
  clauseCodes: string[];
  platform: string;
  occurredAt: string;
  reportedAt: string;
  subject: { name: string | null; relationship: string };
  reporter: string;
  caseManager: string;
  investigator: string | null;
  hearingManager: string | null;
  panel: { purpose: string; member: string }[];
  description: FreeText | null;
  postUrl: FreeText | null;
  outcome: {
    finding: string | null;
    sanction: string | null;
    rationale: FreeText | null;
    decidedAt: string;
    appealResult: string | null;
    appealGrounds: FreeText | null;
  } | null;
  closedAt: string | null;
  retention: { rule: string; retainUntil: string | null } | null;
  evidence: {
    sha256: string;
    size: number;
    mimeType: string;
    platform: string;
    capturedAt: string | null;
    receivedAt: string;
    addedBy: string;
    postUrl: FreeText | null;
  }[];
  timeline: {
    at: string;
    kind: string;
    what: string;
    from: string | null;
    to: string | null;
    by: string;
    note: FreeText | null;
  }[];
}

/**
 * Names in a passage: the known names of other people (whole words, any case), then any run of
 * two or more capitalised words that is not the person's own name, which catches names the
 * system never held (a pupil, a parent). It over-flags on purpose: the reviewer decides.
 */
export function namesIn(text: string, known: Iterable<string>, ownName: string): string[] {
  const found = new Set<string>();
  const lower = text.toLowerCase();
  for (const name of known) {
    const n = name.toLowerCase();
    const at = lower.indexOf(n);
    if (at >= 0 && !/\w/.test(lower[at - 1] ?? '') && !/\w/.test(lower[at + n.length] ?? ''))
      found.add(name);
  }
  for (const m of text.matchAll(/\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+\b/g))
    if (m[0].toLowerCase() !== ownName) found.add(m[0]);
  return [...found].sort();
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The PDF's view of a case: dates in words, labels for codes. */
function viewOf(c: ExportedCase, w: Words) {
  const when = (iso: string | null) => (iso ? w.when(iso) : null);
  const { named } = w;
  return {
    ...c,
    roles:
      c.roles.length === 2
        ? w.t('subjectAccess.role.both')
        : c.roles.map((r) => w.t(`subjectAccess.role.${r}`)).join(''),
    type: label(named.reportType, c.type),
    status: codeOrWord(w, named.status, c.status),
    platform: codeOrWord(w, named.platform, c.platform),
    subject: {
      ...c.subject,
      relationship: codeOrWord(w, named.relationship, c.subject.relationship),
    },
    classification: c.classification ? label(named.classification, c.classification) : null,
    clauseCodes: c.clauseCodes.join(', '),
    occurredAt: when(c.occurredAt),
    reportedAt: when(c.reportedAt),
    closedAt: when(c.closedAt),
    outcome: c.outcome
      ? {
          ...c.outcome,
          finding: label(named.finding, c.outcome.finding),
          sanction: label(named.sanction, c.outcome.sanction),
          appealResult: c.outcome.appealResult
            ? codeOrWord(w, named.appealResult, c.outcome.appealResult)
            : null,
          decidedAt: when(c.outcome.decidedAt),
        }
      : null,
    retention: c.retention
      ? {
          ...c.retention,
          // The English export has always printed the rule's code; Welsh prints its words.
          rule:
            w.lang === 'en'
              ? c.retention.rule
              : retentionRuleWords(c.retention.rule as RetentionRule, w),
          retainUntil: c.retention.retainUntil
            ? when(c.retention.retainUntil)
            : w.t('subjectAccess.untilReviewed'),
        }
      : null,
    evidence: c.evidence.map((e) => ({
      ...e,
      platform: codeOrWord(w, named.platform, e.platform),
      capturedAt: when(e.capturedAt),
      receivedAt: when(e.receivedAt),
    })),
    timeline: c.timeline.map((e) => ({ ...e, at: when(e.at) })),
  };
}
