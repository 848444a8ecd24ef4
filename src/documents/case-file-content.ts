import { Injectable } from '@nestjs/common';
import { isIsoDate } from '../common/clock/london-time.js';
import { DataSource, In } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { CaseRecord } from '../cases/case.entity.js';
import type { SubjectRelationship } from '../cases/case.constants.js';
import { label, describeEvent } from '../cases/case-labels.js';
import {
  missedDeadlinesOf,
  referralsOf,
  sanctionHistory,
  stagesEntered,
} from '../cases/case-view.js';
import {
  ACTION_TRACKS,
  FINDING_TRACKS,
  findingLabel,
  ownerRoleLabel,
  regulatorLabel,
  type RetentionRule,
  trackOf,
  type CaseStatus,
  type Finding,
  type Sanction,
  type Nation,
} from '../cases/workflow/index.js';
import { EvidenceText } from '../cases/evidence-text.entity.js';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { EvidenceRenditionsService } from '../evidence/evidence-renditions.service.js';
import { CUSTODY_ACTIONS, custodyRows, type CustodyRow } from '../evidence/evidence-custody.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { imageSize, type PixelSize } from '../platform/images/print-rendition.js';
import { SchoolsService } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { ASSET_ORIGIN, type PdfAsset } from '../platform/pdf/pdf-job.js';
import { IMAGE_MIME_TYPES } from '../platform/file-types/file-type.types.js';
import { Translator } from '../platform/i18n/translator.js';
import type { Language } from '../common/language.js';
import { codeOrWord, languageOfDocument, wordsIn, type Words } from './document-words.js';

const or = (v: string | null | undefined) => (v && v.trim() ? v : '—');

export interface Rendered {
  model: Record<string, unknown>;
  assets: PdfAsset[];
}

/**
 * Builds what each case file shows. The governors' model is built from codes, dates and the
 * owner's governor summary only: it never receives a name, the description or an image, so a
 * template change cannot leak them.
 */
@Injectable()
export class CaseFileContent {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly schools: SchoolsService,
    private readonly store: FileStore,
    private readonly renditions: EvidenceRenditionsService,
    private readonly translator: Translator,
  ) {}

  async hrFile(c: CaseRecord, lang: Language): Promise<Rendered> {
    const w = wordsIn(this.translator, lang);
    const { when, day } = w;
    const pixels = (s: PixelSize) =>
      w.t('caseFile.value.pixels', { width: s.width, height: s.height });
    const bytes = (n: number) => w.t('caseFile.value.bytes', { size: n.toLocaleString('en-GB') });
    const [events, ownEvidence, school, clauses, policyVersion, acknowledged] = await Promise.all([
      this.events(c.id),
      this.dataSource
        .getRepository(EvidenceItem)
        .find({ where: { caseId: c.id }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      this.schools.findById(c.schoolId),
      this.schools.clausesOf(c.policyVersionId),
      this.schools.policyVersionNumber(c.policyVersionId),
      c.subjectUserId ? this.schools.acknowledgedAt(c.policyVersionId, c.subjectUserId) : null,
    ]);
    // Reports merged into this case (issue 21): their evidence is numbered on after the case's
    // own, each item marked with the report it came from; their timelines are printed whole.
    const merged = await this.dataSource
      .getRepository(CaseRecord)
      .find({ where: { mergedIntoCaseId: c.id }, order: { reportedAt: 'ASC', id: 'ASC' } });
    const mergedIds = merged.map((m) => m.id);
    const [mergedEvidence, mergedEvents, mergedInto] = await Promise.all([
      mergedIds.length
        ? this.dataSource.getRepository(EvidenceItem).find({
            where: { caseId: In(mergedIds) },
            order: { receivedAt: 'ASC', id: 'ASC' },
          })
        : [],
      mergedIds.length
        ? this.dataSource
            .getRepository(CaseEvent)
            .find({ where: { caseId: In(mergedIds) }, order: { seq: 'ASC' } })
        : [],
      c.mergedIntoCaseId
        ? this.dataSource.getRepository(CaseRecord).findOne({
            where: { id: c.mergedIntoCaseId },
            select: { id: true, reference: true },
          })
        : null,
    ]);
    const referenceOf = new Map(merged.map((m) => [m.id, m.reference]));
    const evidence = [
      ...ownEvidence,
      ...merged.flatMap((m) => mergedEvidence.filter((e) => e.caseId === m.id)),
    ];
    const from = (e: EvidenceItem) => referenceOf.get(e.caseId) ?? null;
    // Text read by machine from the images (the HR file only; the governors' summary never).
    const machineText = new Map(
      (evidence.length
        ? await this.dataSource
            .getRepository(EvidenceText)
            .find({ where: { sha256: In(evidence.map((e) => e.sha256)) } })
        : []
      ).map((t) => [t.sha256, t]),
    );
    const openings = evidence.length
      ? await this.dataSource.getRepository(AuditEntry).find({
          where: { action: In([...CUSTODY_ACTIONS]), targetId: In(evidence.map((e) => e.id)) },
          order: { seq: 'ASC' },
        })
      : [];
    const names = await this.users.namesOf(
      [
        c.reporterId,
        c.ownerUserId,
        ...events.map((e) => e.actorId),
        ...merged.map((m) => m.reporterId),
        ...mergedEvents.map((e) => e.actorId),
        ...evidence.map((e) => e.addedById),
        ...openings.map((d) => d.actorId),
      ].filter((id): id is string => Boolean(id)),
    );
    const name = (id: string | null) =>
      id ? (names.get(id) ?? w.t('caseFile.value.unknownUser')) : w.t('caseFile.value.theSystem');
    const number = new Map(evidence.map((e, i) => [e.id, i + 1]));
    const itemLabel = (id: string) => {
      const item = evidence.find((e) => e.id === id);
      const origin = item ? from(item) : null;
      return origin
        ? w.t('caseFile.value.itemFrom', { number: number.get(id), reference: origin })
        : w.t('caseFile.evidence.item', { number: number.get(id) });
    };
    const images = evidence.filter((e) => IMAGE_MIME_TYPES.has(e.mimeType));
    const renditions = await this.renditions.of(images.map((e) => e.id));
    const assets: PdfAsset[] = [];
    const printed = new Map<string, { original: PixelSize | null; printedAs: string }>();
    for (const item of images) {
      const rendition = renditions.get(item.id);
      // A file downloaded before the rendition's job has run (seconds after an upload) embeds
      // the original instead: the download never waits for an image to be resized (about
      // 0.7 s each, which for a pile of screenshots would eat the render deadline), and the
      // original is what the rendition only stands in for.
      if (rendition && (await this.store.exists(rendition.sha256))) {
        assets.push({
          url: `${ASSET_ORIGIN}${item.id}`,
          contentType: rendition.mimeType,
          // Read when Chromium asks for it, a few at a time, not all before the render.
          load: () => this.bytes(rendition.sha256),
        });
        printed.set(item.id, {
          original: { width: rendition.originalWidth, height: rendition.originalHeight },
          printedAs: w.t('caseFile.value.printCopy', { pixels: pixels(rendition) }),
        });
      } else {
        const body = await this.bytes(item.sha256);
        assets.push({ url: `${ASSET_ORIGIN}${item.id}`, contentType: item.mimeType, body });
        printed.set(item.id, {
          original: await imageSize(body).catch(() => null),
          printedAs: w.t('caseFile.value.original'),
        });
      }
    }
    // Views and downloads apart, one person's views of an item on one row (issue 17, item 6).
    const custody = custodyRows(evidence, openings).map((row) => ({
      at: when(row.at),
      item: itemLabel(row.itemId),
      by: name(row.actorId),
      what: custodyText(row, w),
    }));
    const nation = school?.nation ?? 'england';
    const track = trackOf(c.classification, c.subjectRelationship);
    return {
      assets,
      model: {
        ...languageOfDocument(lang),
        reference: c.reference,
        schoolName: school?.name ?? '',
        statusLabel: w.named.status[c.status],
        indecentImages: c.indecentImages,
        typeLabel: w.named.reportType[c.type],
        occurredAt: when(c.occurredAt),
        reportedAt: when(c.reportedAt),
        platform: label(w.named.platform, c.platform),
        // A link to indecent images is shown to the owner on screen and never printed.
        postUrl: c.indecentImages ? w.t('caseFile.value.withheld') : or(c.postUrl),
        safeguarding: w.t(
          c.safeguarding ? 'caseFile.value.safeguardingYes' : 'caseFile.value.safeguardingNo',
        ),
        policyVersion:
          policyVersion === null ? '—' : w.t('caseFile.value.version', { number: policyVersion }),
        // DOMAIN.md §10: whether the subject had acknowledged the version the case is judged by.
        subjectAcknowledgement: !c.subjectUserId
          ? w.t('caseFile.value.acknowledgementUnknown')
          : acknowledged
            ? w.t('caseFile.value.acknowledgedOn', { date: when(acknowledged) })
            : w.t('caseFile.value.notAcknowledged'),
        classificationLabel: c.classification
          ? w.named.classification[c.classification]
          : w.t('caseFile.value.notTriaged'),
        dueAt: c.dueAt ? when(c.dueAt) : w.t('caseFile.value.noDeadline'),
        clauses: clauses.filter((k) => c.clauseCodes.includes(k.code)),
        description: c.description,
        subjectName: or(c.subjectName),
        subjectRelationship: relationshipOf(c.subjectRelationship, w),
        reporterName: name(c.reporterId),
        confidentialReporter: c.confidentialReporter,
        ownerName: c.ownerUserId ? name(c.ownerUserId) : w.t('caseFile.value.noOwner'),
        ownerRoleLabel: c.headExcluded
          ? w.t('caseFile.value.headExcluded', {
              role: ownerRoleLabel(c.ownerRole, nation, lang),
            })
          : ownerRoleLabel(c.ownerRole, nation, lang),
        trackLabel: track ? w.named.track[track] : w.t('caseFile.value.notTriaged'),
        outcome: c.decidedAt
          ? {
              ...outcomeWords(c, events, nation, w),
              decidedAt: when(c.decidedAt),
              rationale: or(c.rationale),
              governorSummary: or(c.governorSummary),
              supersededSummaries: supersededSummaries(events, w),
              warningExpiresAt: c.warningExpiresAt ? day(c.warningExpiresAt) : null,
              letterSentAt: c.outcomeLetterSentAt
                ? day(c.outcomeLetterSentAt)
                : w.t('caseFile.value.notYetSent'),
              appealLodgedAt: c.appealLodgedAt ? day(c.appealLodgedAt) : null,
              appealGrounds: c.appealGrounds,
            }
          : null,
        hearing: c.hearingManagerId
          ? {
              manager: name(c.hearingManagerId),
              investigator: c.investigatorId ? name(c.investigatorId) : '—',
              at: when(c.hearingAt),
              originalAt: c.postponements > 0 ? when(c.originalHearingAt) : null,
              place: or(c.hearingPlace),
              invitationSentAt: day(c.invitationSentAt),
              ...heldHearing(c, events, w),
            }
          : null,
        allegation:
          track === 'allegation'
            ? {
                ladoConsultedAt: c.ladoReferredAt
                  ? when(c.ladoReferredAt)
                  : w.t('caseFile.value.notRecorded'),
                ladoAgreed:
                  c.ladoAgreedFinding === null
                    ? '—'
                    : w.t(
                        c.ladoAgreedFinding
                          ? 'caseFile.value.ladoAgreedYes'
                          : 'caseFile.value.ladoAgreedNo',
                      ),
                subjectInformed: c.subjectInformedAt
                  ? day(c.subjectInformedAt)
                  : or(c.subjectInformedDeferred),
                parentsInformed: c.parentsInformedAt
                  ? day(c.parentsInformedAt)
                  : or(c.parentsInformedDeferred),
              }
            : null,
        closing:
          c.dbsDecision || c.regulatorDecision
            ? {
                dbs: c.dbsDecision
                  ? `${w.named.referralDecision[c.dbsDecision]}: ${c.dbsDetail ?? ''}`
                  : '—',
                regulator: c.regulatorDecision
                  ? `${regulatorLabel(nation, lang)}: ${w.named.referralDecision[c.regulatorDecision]}: ${c.regulatorDetail ?? ''}`
                  : '—',
              }
            : null,
        resignedAt: c.resignedAt ? day(c.resignedAt) : null,
        actions: events
          .filter((e) => e.kind === 'action')
          .map((e) => {
            const data = JSON.parse(e.data ?? '{}') as { action?: string };
            return {
              what: label(w.named.action, data.action),
              at: when(e.at),
              detail: e.note ?? '',
            };
          }),
        support: events
          .filter((e) => e.kind === 'support_offered')
          .map((e) => ({ at: when(e.at), detail: e.note ?? '' })),
        missedDeadlines: missedDeadlines(events, w.when, w),
        retention: retentionWords(c, track === 'allegation', w),
        hrAdvice: events
          .filter((e) => e.kind === 'hr_advice')
          .map((e) => ({ at: when(e.at), by: name(e.actorId), text: e.note ?? '' })),
        referrals: referralsOf(events).map((r) => ({
          agency: label(w.named.agency, r.agency),
          reference: or(r.reference),
          // A referral recorded by its date alone is printed as that date.
          referredAt: isIsoDate(r.referredAt) ? day(r.referredAt) : when(r.referredAt),
          recordedAt: when(r.recordedAt),
        })),
        timeline: events.map((e) => ({
          at: when(e.at),
          by: name(e.actorId),
          what: describeEvent(e, lang),
          note: e.note ?? '',
        })),
        mergedInto: mergedInto?.reference ?? null,
        // Each merged report as it was reported, its reporter named here as on its own file
        // (the HR file is the owner's and HR's, who may know a confidential reporter).
        mergedReports: merged.map((m) => ({
          reference: m.reference,
          typeLabel: w.named.reportType[m.type],
          reportedAt: when(m.reportedAt),
          mergedAt: when(m.mergedAt),
          occurredAt: when(m.occurredAt),
          platform: label(w.named.platform, m.platform),
          postUrl: m.indecentImages ? w.t('caseFile.value.withheld') : or(m.postUrl),
          safeguarding: w.t(
            m.safeguarding ? 'caseFile.value.safeguardingYes' : 'caseFile.value.safeguardingNo',
          ),
          subjectName: or(m.subjectName),
          subjectRelationship: relationshipOf(m.subjectRelationship, w),
          reporterName: name(m.reporterId),
          confidentialReporter: m.confidentialReporter,
          description: m.description,
          items:
            evidence
              .filter((e) => e.caseId === m.id)
              .map((e) => w.t('caseFile.evidence.item', { number: number.get(e.id) }))
              .join(', ') || w.t('caseFile.value.noEvidenceFiles'),
          timeline: mergedEvents
            .filter((e) => e.caseId === m.id)
            .map((e) => ({
              at: when(e.at),
              by: name(e.actorId),
              what: describeEvent(e, lang),
              note: e.note ?? '',
            })),
        })),
        evidence: evidence.map((e) => ({
          from: from(e),
          number: number.get(e.id),
          mimeType: e.mimeType,
          size: bytes(e.size),
          sha256: e.sha256,
          capturedAt: when(e.capturedAt),
          receivedAt: when(e.receivedAt),
          platform: label(w.named.platform, e.platform),
          postUrl: or(e.postUrl),
          addedBy: name(e.addedById),
          imageUrl: IMAGE_MIME_TYPES.has(e.mimeType) ? `${ASSET_ORIGIN}${e.id}` : null,
          // The original's pixel size, so a reader can match the printed copy to the file.
          dimensions: printed.get(e.id)?.original ? pixels(printed.get(e.id)!.original!) : null,
          printedAs: printed.get(e.id)?.printedAs ?? null,
          machineText: machineText.get(e.sha256)?.text || null,
          machineEngine: machineText.get(e.sha256)?.engine ?? null,
        })),
        custody,
      },
    };
  }

  async governorsSummary(c: CaseRecord, now: Date, lang: Language): Promise<Rendered> {
    const w = wordsIn(this.translator, lang);
    const { day } = w;
    const [events, school, clauses] = await Promise.all([
      this.events(c.id),
      this.schools.findById(c.schoolId),
      this.schools.clausesOf(c.policyVersionId),
    ]);
    const nation = school?.nation ?? 'england';
    const track = trackOf(c.classification, c.subjectRelationship);
    return {
      assets: [],
      model: {
        ...languageOfDocument(lang),
        reference: c.reference,
        schoolName: school?.name ?? '',
        subjectDescription: w.named.subjectWithoutName[c.subjectRelationship],
        typeLabel: w.named.reportType[c.type],
        classificationLabel: c.classification ? w.named.classification[c.classification] : '—',
        trackLabel: track ? w.named.track[track] : '—',
        ...outcomeWords(c, events, nation, w),
        missedDeadlines: missedDeadlines(events, w.day, w),
        retention: retentionWords(c, false, w),
        reportedAt: day(c.reportedAt),
        decidedAt: day(c.decidedAt),
        closedAt: day(c.closedAt),
        statusLabel: w.named.status[c.status],
        clauses: clauses.filter((k) => c.clauseCodes.includes(k.code)),
        referrals: referralsOf(events).map((r) => ({
          agency: label(w.named.agency, r.agency),
          referredAt: day(r.referredAt),
        })),
        stages: stages(c, events, now, w),
        governorSummary: or(c.governorSummary),
      },
    };
  }

  private events(caseId: string): Promise<CaseEvent[]> {
    return this.dataSource
      .getRepository(CaseEvent)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  private async bytes(sha256: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.store.openRead(sha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

/**
 * The outcome in the track's own words: a finding and sanction for a person who works with
 * children, a response for a low-level concern, the actions taken for online abuse or a
 * pupil's behaviour. The sanction history lists every sanction the case had (an appeal lowers
 * or lifts one; the original stays on record).
 */
function outcomeWords(c: CaseRecord, events: CaseEvent[], nation: Nation, w: Words) {
  const track = trackOf(c.classification, c.subjectRelationship);
  const actions = events
    .filter((e) => e.kind === 'action')
    .map((e) => label(w.named.action, (JSON.parse(e.data ?? '{}') as { action?: string }).action));
  return {
    finding: c.finding ? findingLabel(c.finding, nation, w.lang) : '—',
    sanction: c.sanction ? w.named.sanction[c.sanction] : '—',
    response: c.response ? w.named.response[c.response] : null,
    actionsTaken: actions.length > 0 ? [...new Set(actions)].join('; ') : null,
    showsFinding: track === null || FINDING_TRACKS.includes(track),
    isConcern: track === 'low_level_concern',
    isActions: track !== null && ACTION_TRACKS.includes(track),
    appeal: appealText(c, w),
    sanctionHistory: sanctionHistory(c, events).map((h) => ({
      sanction: w.named.sanction[h.sanction as Sanction] ?? h.sanction,
      finding: h.finding ? findingLabel(h.finding as Finding, nation, w.lang) : '—',
      at: w.day(new Date(h.at)),
      by: w.t(h.by === 'appeal' ? 'caseFile.value.onAppeal' : 'caseFile.value.byOutcome'),
    })),
  };
}

/** Who came with the employee, by the code the hearing form records (caseFile.companion.*). */
export const COMPANION_KEY: Record<string, string> = {
  none: 'caseFile.companion.none',
  colleague: 'caseFile.companion.colleague',
  trade_union_representative: 'caseFile.companion.tradeUnionRepresentative',
};

/**
 * How the subject is connected to the school, after their name. The English file has always
 * printed the code ("staff"), which tests and readers know; other languages print the word.
 */
function relationshipOf(code: SubjectRelationship, w: Words): string {
  return codeOrWord(w, w.named.relationship, code);
}

/** A retention rule in the reader's words: labels.retentionRule, as the case page says it. */
export function retentionRuleWords(rule: RetentionRule, w: Pick<Words, 't'>): string {
  return w.t(`labels.retentionRule.${rule}`);
}

/** One row of the chain of custody in words. */
function custodyText(row: CustodyRow, w: Words): string {
  switch (row.what) {
    case 'added':
      return w.t('caseFile.custody.added');
    case 'downloaded':
      return w.t('caseFile.custody.downloaded');
    case 'viewed':
      return row.count === 1
        ? w.t('caseFile.custody.viewed')
        : w.t('caseFile.custody.viewedMany', {
            count: row.count,
            first: w.when(row.at),
            last: w.when(row.lastAt),
          });
  }
}

/** The hearing as held: when, who came with the employee, and its notes. */
function heldHearing(c: CaseRecord, events: CaseEvent[], w: Words) {
  const held = c.hearingHeldAt ? events.filter((e) => e.kind === 'hearing_held').at(-1) : undefined;
  if (!held) return { heldAt: w.t('caseFile.value.notYetRecorded'), companion: null, notes: null };
  const data = JSON.parse(held.data ?? '{}') as { companion?: string; companionName?: string };
  const key = COMPANION_KEY[data.companion ?? 'none'];
  const companion = key ? w.t(key) : '—';
  return {
    heldAt: w.when(c.hearingHeldAt),
    companion: data.companionName ? `${companion}: ${data.companionName}` : companion,
    notes: held.note ?? '',
  };
}

/** Deadlines that passed, and when each was met: printed in both files, even after closing. */
function missedDeadlines(events: CaseEvent[], format: (d: Date) => string, w: Words) {
  return missedDeadlinesOf(events).map((m) => ({
    clock: label(w.named.clock, m.clock),
    dueAt: format(new Date(m.dueAt)),
    metAt: m.metAt ? format(new Date(m.metAt)) : w.t('caseFile.value.notMet'),
  }));
}

/** The retention decision made at closing (DOMAIN.md §7, §8); null while the case is open. */
function retentionWords(c: CaseRecord, allegation: boolean, w: Words) {
  if (c.status !== 'closed' || !c.retentionRule) return null;
  return {
    until: c.retainUntil ? w.day(c.retainUntil) : w.t('caseFile.value.keptUntilReviewed'),
    rule: retentionRuleWords(c.retentionRule, w),
    allegation: allegation
      ? {
          referenceMention: w.t(
            c.referenceMention ? 'caseFile.value.mayMention' : 'caseFile.value.mayNotMention',
          ),
          outcomeCopyGivenAt: c.outcomeCopyGivenAt
            ? w.day(c.outcomeCopyGivenAt)
            : w.t('caseFile.value.notRecorded'),
        }
      : null,
  };
}

function appealText(c: CaseRecord, w: Words): string {
  if (c.appealResult)
    return w.t('caseFile.value.appealDecided', {
      result: w.named.appealResult[c.appealResult].toLowerCase(),
      date: w.day(c.appealDecidedAt),
    });
  if (c.appealLodgedAt)
    return w.t('caseFile.value.appealLodged', { date: w.day(c.appealLodgedAt) });
  return w.t('caseFile.value.noAppeal');
}

/** Days spent in each stage, from the timeline, to one decimal place. */
function stages(c: CaseRecord, events: CaseEvent[], now: Date, w: Words) {
  const entries = stagesEntered(c.reportedAt, events);
  return entries.map((entry, i) => {
    const end = entries[i + 1]?.at ?? (entry.status === 'closed' ? entry.at : now);
    const days = (end.getTime() - entry.at.getTime()) / 86_400_000;
    return {
      stage: w.named.status[entry.status as CaseStatus] ?? entry.status,
      enteredAt: w.day(entry.at),
      days: entry.status === 'closed' ? '—' : days.toFixed(1),
    };
  });
}

/**
 * Each governors' summary a correction replaced, oldest first, with when it was replaced: the
 * HR file keeps every version a governor may have read (DOMAIN.md §5: corrections are events).
 */
function supersededSummaries(events: CaseEvent[], w: Words) {
  return events.flatMap((e) => {
    if (e.kind !== 'transition' || !e.data) return [];
    const data = JSON.parse(e.data) as { move?: string; supersededSummary?: string };
    if (data.move !== 'correct_governor_summary') return [];
    return [{ replacedAt: w.when(e.at), text: or(data.supersededSummary) }];
  });
}
