import { Injectable } from '@nestjs/common';
import {
  HEARING_COMPANIONS,
  PLATFORMS,
  REFERRAL_AGENCIES,
  REPORT_TYPES,
} from '../cases/case.constants.js';
import { caseWordsIn, describeEvent, label, type CaseVocabulary } from '../cases/case-labels.js';
import type { CaseEventKind } from '../cases/case-event.entity.js';
import { CaseEntriesService } from '../cases/case-entries.service.js';
import { CaseMessagesService } from '../cases/case-messages.service.js';
import { SimilarEvidenceService } from '../cases/similar-evidence.service.js';
import { CaseTransitionsService } from '../cases/case-transitions.service.js';
import { CasesService } from '../cases/cases.service.js';
import { CaseDetailResponse, TimelineEntryResponse } from '../cases/dto/case-detail.response.js';
import type { ListCasesQuery } from '../cases/dto/list-cases.query.js';
import {
  AppointPanelDto,
  HandoverDto,
  HearingRecordDto,
  HrAdviceDto,
  LetterSentDto,
  CaseActionDto,
  MessageDto,
  NoteDto,
  MergeCasesDto,
  ReclassifyDto,
  ReferralDto,
  ResignationDto,
  SupportDto,
  TransitionDto,
} from '../cases/dto/case-commands.dto.js';
import { CaseTrackEntriesService } from '../cases/case-track-entries.service.js';
import { CaseOwnershipService } from '../cases/case-ownership.service.js';
import { SUBJECT_RELATIONSHIPS } from '../cases/workflow/index.js';
import { SchoolRulesService } from '../cases/school-rules.service.js';
import {
  actionsFor,
  CASE_STATUSES,
  FIELDS,
  findingLabel,
  type CaseStatus,
  type Finding,
  type Nation,
  type Track,
} from '../cases/workflow/index.js';
import { Clock } from '../common/clock/clock.js';
import { parseInstant } from '../common/clock/parse-instant.js';
import { isIsoDate, londonDate } from '../common/clock/london-time.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { AddEvidenceDto, EVIDENCE_FORM } from '../evidence/dto/add-evidence.dto.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import type { CustodyRow } from '../evidence/evidence-custody.js';
import { UploadFormReader } from '../platform/uploads/upload-form.reader.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { SchoolsService } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { moveForms } from './case-forms.js';
import { evidenceRows } from './evidence-rows.js';
import { FormError, formErrors, withoutBlanks } from './form-errors.js';
import { languageOf, PageContext } from './page-context.js';
import { Translator } from '../platform/i18n/translator.js';
import type { Language } from '../common/language.js';
import type { PageResult } from './page-result.js';
import { IMAGE_MIME_TYPES } from '../platform/file-types/file-type.types.js';

/**
 * A page's words in its language: a catalogue key and its values, the case vocabulary, and
 * times and dates (UK time) with the language's month names.
 */
type Words = ((key: string, args?: Record<string, unknown>) => string) & {
  lang: Language;
  named: CaseVocabulary;
  /** A time, or "—" when there is none. */
  when: (iso: string | null) => string;
  date: (iso: string) => string;
};
/** The fields a move form can carry, so a refusal's message lands beside its field. */
const MOVE_FIELDS = Object.keys(FIELDS);
/** Each field as its form labels it (catalogue keys), so a message names what the person sees. */
const FORM_LABELS: Record<string, string> = {
  ...Object.fromEntries(MOVE_FIELDS.map((name) => [name, `casePage.field.${name}.label`])),
  body: 'casePage.note.label',
  advice: 'casePage.advice.label',
  agency: 'casePage.referrals.agency',
  reference: 'casePage.referrals.theirReference',
  referredAt: 'casePage.referrals.referredAt',
  capturedAt: 'casePage.formLabels.capturedAt',
};

/** Field labels from their catalogue keys, in one language. */
function labelsIn(words: Words, keys: Readonly<Record<string, string>> = {}) {
  return Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, words(key)]));
}

/** A refused form other than a move's: which (its fields are RETYPE_FIELDS[form]), and what was sent. */
export interface Retype {
  form: keyof typeof RETYPE_FIELDS;
  values: Record<string, unknown>;
  /** A field's label where it differs from FORM_LABELS: the catalogue key of its words. */
  labels?: Record<string, string>;
  /** The id of a field's box where it is not the field's name. */
  ids?: Record<string, string>;
}

/** The fields of each form a refusal can send back with what was typed. */
const RETYPE_FIELDS = {
  note: ['body'],
  advice: ['advice'],
  referral: ['agency', 'reference', 'referredAt'],
  handover: ['toUserId', 'reason'],
  hearing: ['heldAt', 'companion', 'companionName', 'notes'],
  support: ['detail'],
  message: ['body'],
  letter: ['sentAt'],
  action: ['action', 'detail', 'platform', 'removed', 'representationsBy', 'reviewDate'],
  resignation: ['resignedAt'],
  panel: ['memberIds'],
  hold: ['reason'],
  merge: ['mergeCaseId', 'reason'],
} satisfies Record<string, string[]>;

/**
 * What was typed into a refused form and each field's message, for the page to put back; every
 * form has an entry (empty unless it was the one refused), as the strict templates require.
 */
function typedForms(retype: Retype | undefined, errors: FormError[]) {
  return Object.fromEntries(
    Object.entries(RETYPE_FIELDS).map(([form, fields]) => {
      const mine = retype?.form === form ? retype : undefined;
      const text = (f: string) => (typeof mine?.values[f] === 'string' ? mine.values[f] : '');
      // Ticked boxes that share a name (panel members) come back as a list, or one value.
      const ticked = (f: string) => [mine?.values[f] ?? []].flat().filter((v) => v !== '');
      const said = (f: string) => (mine ? (errors.find((e) => e.field === f)?.text ?? null) : null);
      return [
        form,
        {
          refused: Boolean(mine),
          values: Object.fromEntries(fields.map((f) => [f, text(f)])),
          ticked: Object.fromEntries(fields.map((f) => [f, ticked(f)])),
          errors: Object.fromEntries(fields.map((f) => [f, said(f)])),
        },
      ];
    }),
  );
}

/** A datetime-local value ("2026-12-09T10:00", UK time) as an instant. */
function localToInstant(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return value;
  return parseInstant(value).toISOString();
}
const option = (value: string, label: string) => ({ value, label });

/** Now as a datetime-local value in UK time ("2026-12-09T10:00"). */
function londonDateTimeLocal(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** The case pages: inboxes, one case with only the actions this person may take, and its forms. */
@Injectable()
export class CasePagesService {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly entries: CaseEntriesService,
    private readonly ownership: CaseOwnershipService,
    private readonly evidence: EvidenceService,
    private readonly users: UsersService,
    private readonly pages: PageContext,
    private readonly clock: Clock,
    private readonly uploads: UploadFormReader,
    private readonly schoolRules: SchoolRulesService,
    private readonly trackEntries: CaseTrackEntriesService,
    private readonly schools: SchoolsService,
    private readonly messages: CaseMessagesService,
    private readonly similar: SimilarEvidenceService,
    private readonly translator: Translator,
  ) {}

  /** The page's words in the language of the person asking. */
  wordsFor(req: RequestWithActor): Words {
    const lang: Language = languageOf(req);
    return Object.assign(
      (key: string, args?: Record<string, unknown>) => this.translator.t(key, lang, args),
      {
        lang,
        named: caseWordsIn(lang),
        when: (iso: string | null) => (iso ? formatLondon(iso, 'datetime', lang) : '—'),
        date: (iso: string) => formatLondon(iso, 'date', lang),
      },
    );
  }

  /** Field labels (catalogue keys, FORM_LABELS overridden by the form's own) in the page's words. */
  formLabels(req: RequestWithActor, own: Readonly<Record<string, string>> = {}) {
    return labelsIn(this.wordsFor(req), { ...FORM_LABELS, ...own });
  }

  /**
   * The owner's inbox: overdue first, then newest; and the appeals waiting for this person. The
   * search box and filters are the API's own list query (GET /api/v1/cases), so a page finds
   * exactly what the API would, with the same access rule.
   */
  async inbox(req: RequestWithActor, params: Record<string, unknown> = {}) {
    const t = this.wordsFor(req);
    const clauses = await this.clauseChoices(req);
    const filters = inboxFilters(params, clauses);
    const filtered = Boolean(
      filters.q || filters.status || filters.type || filters.overdue || filters.clause,
    );
    const [owned, panels] = await Promise.all([
      this.cases.list(req.actor!, { ...filters, limit: 100 }, 'owned'),
      this.cases.list(req.actor!, { limit: 100 }, 'panels'),
    ]);
    const items = [...owned.items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
    const rowOf = await this.rowsWithAbout([...items, ...panels.items], t);
    const sitting = await this.cases.withSittingPanel(
      panels.items.filter((c) => c.access !== 'panel').map((c) => c.id),
    );
    return {
      ...this.pages.base(req, t('caseList.title'), '/cases'),
      cases: items.map(rowOf),
      filters: {
        q: filters.q ?? '',
        overdue: filters.overdue === 'true',
        statuses: CASE_STATUSES.map((v) => ({
          ...option(v, t.named.status[v]),
          selected: v === filters.status,
        })),
        types: REPORT_TYPES.map((v) => ({
          ...option(v, t.named.reportType[v]),
          selected: v === filters.type,
        })),
        clauses: clauses.map((c) => ({
          ...option(c.code, `${c.code} ${shorten(c.title, 60)}`),
          selected: c.code === filters.clause,
        })),
        active: filtered,
      },
      waiting: panels.items.map((c) => ({
        ...rowOf(c),
        why: waitingWhy(t, c.access === 'panel', sitting.has(c.id), c.status === 'hearing'),
      })),
    };
  }

  /** HR: cases waiting for advice first, then those advised on before. */
  async hrQueue(req: RequestWithActor) {
    const list = await this.cases.list(req.actor!, { limit: 100 }, 'hr');
    const waiting = list.items.filter((c) => c.status === 'hr_advice');
    const others = list.items.filter((c) => c.status !== 'hr_advice');
    const t = this.wordsFor(req);
    const rowOf = await this.rowsWithAbout(list.items, t);
    return {
      ...this.pages.base(req, t('caseList.hr.title'), '/hr'),
      waiting: waiting.map(rowOf),
      others: others.map(rowOf),
    };
  }

  /** The clauses of the current policy of each school this person belongs to, by code. */
  private async clauseChoices(req: RequestWithActor) {
    const schoolIds = [...new Set(req.actor!.memberships.map((m) => m.schoolId))];
    const policies = await Promise.all(schoolIds.map((id) => this.schools.currentPolicy(id)));
    const byCode = new Map<string, { code: string; title: string }>();
    for (const clause of policies.flatMap((p) => p?.clauses ?? [])) {
      if (!byCode.has(clause.code)) byCode.set(clause.code, clause);
    }
    return [...byCode.values()];
  }

  /** A list row maker that adds each case's one-line summary, clause titles looked up once. */
  private async rowsWithAbout(cases: CaseDetailResponse[], t: Words) {
    const titles = await this.schools.clauseTitles(
      cases
        .filter((c) => c.policyVersion !== null)
        .map((c) => ({ schoolId: c.schoolId, version: c.policyVersion! })),
    );
    return (c: CaseDetailResponse) => ({
      ...row(c, t),
      about: aboutLine(c, t, titles.get(`${c.schoolId}:${c.policyVersion}`)),
    });
  }

  async show(
    req: RequestWithActor,
    caseId: string,
    errors: FormError[] = [],
    failed?: { move: string; values: Record<string, unknown>; namesFound?: boolean },
    retype?: Retype,
    preselect?: string,
  ) {
    const t = this.wordsFor(req);
    const { detail: c, relation, record, rules } = await this.cases.readForPage(req.actor!, caseId);
    const names = await this.users.namesOf(
      [...c.timeline.map((e) => e.actorId), ...c.hrAdvice.map((a) => a.adviserId)].filter(
        (id): id is string => Boolean(id),
      ),
    );
    const name = (id: string | null) => (id ? (names.get(id) ?? t('casePage.unknown')) : '—');
    const full = ['owner', 'hr', 'panel', 'hearing'].includes(relation.access);
    const isReporterView = relation.access === 'reporter';
    const isOwner = relation.isOwner;
    const isHr = relation.isHr;
    const decided = ['outcome', 'appeal', 'closed'].includes(c.status);
    const base = this.pages.base(
      req,
      t('casePage.title', { reference: c.reference }),
      isOwner ? '/cases' : '',
    );
    const [handoverTo, panelChoices] = await Promise.all([
      isOwner && c.status !== 'closed'
        ? this.handoverCandidates(c, req.actor!.userId, t, rules.nation)
        : [],
      relation.isAppointer && (c.status === 'appeal' || c.status === 'hearing')
        ? this.panelCandidates(c)
        : [],
    ]);
    const hearing = c.procedure?.hearing ?? null;
    const hears =
      (relation.isHearingManager && hearing?.managerId === req.actor!.userId) ||
      relation.isPanelMember;
    const mayLetters = isOwner || isHr || hears;
    const hearingNames = hearing ? await this.users.namesOf([hearing.managerId]) : new Map();
    const messageSide = isOwner || isHr ? 'school' : isReporterView ? 'reporter' : null;
    // The page has checked who the caller is to the case; these read without checking again.
    const thread = messageSide
      ? (await this.messages.threadFor(req.actor!, caseId, relation)).items
      : [];
    const itemNumber = new Map(c.evidence.map((e, i) => [e.id, i + 1]));
    const lookalikes =
      isOwner || isHr ? (await this.similar.forVisibleCase(req.actor!, record)).items : [];
    // Merging (issue 21): the owner of an open case that is not itself merged away.
    const mayMerge = isOwner && c.status !== 'closed' && !c.mergedInto;
    const mergeChoices = mayMerge ? await this.cases.mergeCandidates(req.actor!, record) : [];
    const mergeable = new Set(mergeChoices.map((m) => m.id));
    // The chain of custody, for the owner and HR (issue 17, item 6): the case's items and those
    // of the reports merged into it.
    const fromReport = new Map(
      c.mergedReports.flatMap((m) => m.evidence.map((e) => [e.id, m.reference] as const)),
    );
    const custody =
      isOwner || isHr
        ? await this.evidence.custody([...c.evidence.map((e) => e.id), ...fromReport.keys()])
        : [];
    const mergeNames = await this.users.namesOf([
      ...c.mergedReports.flatMap((m) => [
        ...(m.reporter ? [m.reporter.id] : []),
        ...m.timeline.map((e) => e.actorId).filter((id): id is string => Boolean(id)),
      ]),
      ...custody.map((r) => r.actorId).filter((id): id is string => Boolean(id)),
    ]);
    const itemWords = (id: string) =>
      fromReport.has(id)
        ? t('casePage.evidence.custodyFrom', { reference: fromReport.get(id) })
        : t('casePage.evidence.custodyItem', { number: itemNumber.get(id) });
    return {
      ...base,
      // A failed move's messages link to its own form's fields.
      errors: errors.map((e) => ({
        text: e.text,
        href: failed && e.field ? `#${failed.move}-${e.field}` : e.href,
      })),
      c: {
        id: c.id,
        reference: c.reference,
        status: t.named.status[c.status as CaseStatus],
        version: c.version,
        type: label(t.named.reportType, c.type),
        reportedAt: t.when(c.reportedAt),
        occurredAt: c.occurredAt ? t.when(c.occurredAt) : null,
        description: c.description,
        clauses: c.clauseCodes?.length
          ? await this.clausesWithTitles(record.policyVersionId, c.clauseCodes)
          : null,
        subject: c.subject
          ? {
              name: c.subject.name ?? t('casePage.notNamed'),
              relationship: c.subject.relationship
                ? t(`casePage.relationship.${c.subject.relationship}`)
                : '',
            }
          : null,
        reporter: c.reporter ? c.reporter.name : null,
        confidentialReporter: Boolean(c.confidentialReporter),
        safeguarding: Boolean(c.safeguarding),
        indecentImages: Boolean(c.indecentImagesOfChildren),
        platform: c.platform ? label(t.named.platform, c.platform) : null,
        postUrl: c.postUrl,
        classification: c.classification ? label(t.named.classification, c.classification) : null,
        dueAt: c.dueAt ? t.when(c.dueAt) : null,
        overdue: c.overdue,
        track: c.track ? label(t.named.track, c.track) : null,
        outcome: c.outcome
          ? {
              finding: c.outcome.finding
                ? findingLabel(c.outcome.finding as Finding, rules.nation, t.lang)
                : null,
              sanction: c.outcome.sanction ? label(t.named.sanction, c.outcome.sanction) : null,
              response: c.outcome.response ? label(t.named.response, c.outcome.response) : null,
              rationale: c.outcome.rationale,
              decidedAt: t.when(c.outcome.decidedAt),
              appealResult: c.outcome.appealResult
                ? label(t.named.appealResult, c.outcome.appealResult)
                : null,
            }
          : null,
        governorSummary: c.governorSummary,
      },
      full,
      // A refused note, advice, referral, hand-over, hearing record or support comes back as
      // typed, each message beside its field.
      typed: typedForms(retype, errors),
      similarEvidence: lookalikes.map((s) => ({
        item: itemNumber.get(s.evidenceId),
        caseId: s.otherCaseId,
        reference: s.otherReference,
        // The same post reported twice: offer to merge that report into this case.
        mergeable: mergeable.has(s.otherCaseId),
      })),
      custody: custody.map((r) => ({
        item: itemWords(r.itemId),
        at: t.when(r.at.toISOString()),
        who: r.actorId ? (mergeNames.get(r.actorId) ?? t('casePage.unknown')) : '—',
        what: custodySaid(r, t),
      })),
      mergedInto: c.mergedInto,
      mergedReports: c.mergedReports.map((m) => ({
        id: m.id,
        reference: m.reference,
        reportedAt: t.when(m.reportedAt),
        mergedAt: t.when(m.mergedAt),
        description: m.description,
        subject: m.subject.name ?? t('casePage.notNamed'),
        reporter: m.reporter ? m.reporter.name : null,
        confidentialReporter: m.confidentialReporter,
        evidence: m.evidence.map((e) => ({
          id: e.id,
          mimeType: e.mimeType,
          sha256: e.sha256,
          showImage: full && IMAGE_MIME_TYPES.has(e.mimeType),
        })),
        timeline: m.timeline.map((e) => ({
          at: t.when(e.at),
          who: e.actorId ? (mergeNames.get(e.actorId) ?? t('casePage.unknown')) : '—',
          what: timelineLine(e, t.lang),
          note: e.note ?? null,
        })),
      })),
      merge: mayMerge
        ? {
            version: c.version,
            choices: mergeChoices.map((m) => ({
              value: m.id,
              version: m.version,
              label: m.subjectName
                ? t('casePage.merge.choiceAbout', {
                    reference: m.reference,
                    at: t.when(m.reportedAt.toISOString()),
                    name: m.subjectName,
                  })
                : t('casePage.merge.choice', {
                    reference: m.reference,
                    at: t.when(m.reportedAt.toISOString()),
                  }),
              selected:
                (retype?.form === 'merge' && retype.values.mergeCaseId === m.id) ||
                (retype?.form !== 'merge' && preselect === m.id),
            })),
          }
        : null,
      evidence: c.evidence.map((e, i) => ({
        number: i + 1,
        id: e.id,
        sha256: e.sha256,
        mimeType: e.mimeType,
        capturedAt: t.when(e.capturedAt),
        receivedAt: t.when(e.receivedAt),
        showImage: full && IMAGE_MIME_TYPES.has(e.mimeType),
        downloadable: full,
      })),
      timeline: c.timeline.map((e) => ({
        at: t.when(e.at),
        who: name(e.actorId),
        what: timelineLine(e, t.lang),
        note: e.note ?? null,
      })),
      hrAdvice: c.hrAdvice.map((a) => ({
        at: t.when(a.at),
        who: name(a.adviserId),
        advice: a.advice,
      })),
      referrals: c.referrals.map((r) => ({
        agency: label(t.named.agency, r.agency),
        reference: r.reference,
        referredAt: isIsoDate(r.referredAt) ? t.date(r.referredAt) : t.when(r.referredAt),
      })),
      moves: moveForms({
        record,
        relation,
        rules,
        calendar: this.schoolRules.calendarFor(rules),
        now: this.clock.now(),
        userId: req.actor!.userId,
        people: isOwner ? await this.namedPeople(c) : [],
        words: t,
        failed: failed ? { ...failed, errors } : undefined,
      }),
      hearing: hearing
        ? {
            manager: hearingNames.get(hearing.managerId) ?? t('casePage.unknown'),
            at: t.when(hearing.at),
            originalAt: hearing.postponements > 0 ? t.when(hearing.originalAt) : null,
            place: hearing.place ?? '—',
            invitationSentAt: hearing.invitationSentAt ? t.date(hearing.invitationSentAt) : '—',
            heldAt: hearing.heldAt ? t.when(hearing.heldAt) : null,
            companion: hearing.companion
              ? `${t(`casePage.companion.${hearing.companion}`)}${hearing.companionName ? `: ${hearing.companionName}` : ''}`
              : null,
            notes: hearing.notes,
          }
        : null,
      invitationLetter: mayLetters && Boolean(hearing?.invitationSentAt),
      outcomeLetter: mayLetters && Boolean(hearing) && decided,
      mayRecordHearing:
        (isOwner || hears) && c.status === 'hearing' && Boolean(hearing) && !hearing?.heldAt,
      mayRecordLetterSent:
        isOwner && c.status === 'outcome' && Boolean(c.outcome) && !c.outcome?.letterSentAt,
      companions: HEARING_COMPANIONS.map((k) => option(k, t(`casePage.companion.${k}`))),
      nowLocal: londonDateTimeLocal(this.clock.now()),
      panelPurpose: c.status === 'hearing' ? 'dismissal' : 'appeal',
      mayNote: isOwner || isHr,
      messaging: messageSide
        ? {
            school: messageSide === 'school',
            // The thread names the reporter only as "the person who reported it", even to the
            // owner, who knows the name from the report: a screen seen over a shoulder should not.
            items: thread.map((m) => ({
              at: t.when(m.at),
              who:
                m.from === 'reporter'
                  ? messageSide === 'reporter'
                    ? t('casePage.messages.you')
                    : t('casePage.messages.reporter')
                  : messageSide === 'reporter'
                    ? t('casePage.messages.school')
                    : (m.author ?? t('casePage.messages.school')),
              body: m.body,
              mine: (m.from === 'reporter') === (messageSide === 'reporter'),
            })),
          }
        : null,
      ...this.trackForms(c, isOwner, t),
      mayAdvise: isHr && c.status === 'hr_advice',
      mayRefer: isOwner,
      mayAddEvidence:
        (isOwner || (isReporterView && c.status !== 'closed')) && !c.indecentImagesOfChildren,
      evidenceAction: `/cases/${c.id}/evidence?_csrf=${encodeURIComponent(base.page.csrfToken)}`,
      ...evidenceRows(),
      hrFile: isOwner || isHr,
      governorsFile: decided && (isOwner || relation.mayReadBoardSummary),
      handoverTo,
      panelChoices: panelChoices.map((p) => ({
        ...p,
        checked: retype?.form === 'panel' && [retype.values.memberIds].flat().includes(p.value),
      })),
      mayAppoint: panelChoices.length > 0,
      agencies: REFERRAL_AGENCIES.map((a) => option(a, t.named.agency[a])),
      today: londonDate(this.clock.now()),
    };
  }

  transition(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const move = String(body.move ?? '');
    // The form names its move so a refusal re-shows that form; the API does not take it.
    const fields = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'move'));
    return this.act(
      req,
      caseId,
      'moved',
      async () => {
        const form = withoutBlanks(fields);
        if (typeof form.hearingAt === 'string') form.hearingAt = localToInstant(form.hearingAt);
        const dto = await validateDto(TransitionDto, form);
        await this.transitions.transition(req.actor!, caseId, dto);
      },
      undefined,
      { move, values: fields },
    );
  }

  reclassify(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const fields = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'move'));
    return this.act(
      req,
      caseId,
      'moved',
      async () => {
        const { note, version, classification, subjectRelationship } = withoutBlanks(fields);
        const dto = await validateDto<ReclassifyDto>(ReclassifyDto, {
          reason: note,
          version,
          classification,
          subjectRelationship,
        });
        await this.transitions.reclassify(req.actor!, caseId, dto);
      },
      undefined,
      { move: 'reclassify', values: fields },
    );
  }

  /**
   * The merge form (issue 21): the report chosen, the reason, this case's version and the
   * chosen report's (sent beside each choice as `version-<id>`). A refusal about the report
   * chosen is shown beside the choice, in the API's own plain words.
   */
  merge(req: RequestWithActor, caseId: string, body: Record<string, unknown>): Promise<PageResult> {
    const t = this.wordsFor(req);
    return this.act(
      req,
      caseId,
      'merged',
      async () => {
        const form = withoutBlanks(body);
        const chosen = typeof form.mergeCaseId === 'string' ? form.mergeCaseId : '';
        if (!chosen) throw fieldError('mergeCaseId', t('casePage.merge.pickReport'));
        if (typeof form.reason !== 'string' || form.reason.trim().length < 3)
          throw fieldError('reason', t('casePage.merge.sayWhy'));
        const dto = await validateDto<MergeCasesDto>(MergeCasesDto, {
          mergeCaseId: chosen,
          reason: form.reason,
          version: form.version,
          mergeCaseVersion: form[`version-${chosen}`],
        });
        try {
          await this.transitions.merge(req.actor!, caseId, dto);
        } catch (error) {
          if (
            error instanceof DomainException &&
            error.status === 409 &&
            /^CASE_MERGE_/.test(error.code)
          )
            error.field = 'mergeCaseId';
          throw error;
        }
      },
      undefined,
      undefined,
      {
        form: 'merge',
        values: body,
        labels: { mergeCaseId: 'casePage.merge.report', reason: 'casePage.merge.reason' },
        ids: { mergeCaseId: 'merge-case', reason: 'merge-reason' },
      },
    );
  }

  note(req: RequestWithActor, caseId: string, body: Record<string, unknown>): Promise<PageResult> {
    return this.act(
      req,
      caseId,
      'note',
      async () => {
        await this.entries.addNote(
          req.actor!,
          caseId,
          await validateDto(NoteDto, withoutBlanks(body)),
        );
      },
      undefined,
      undefined,
      { form: 'note', values: body },
    );
  }

  message(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(
      req,
      caseId,
      'message',
      async () => {
        await this.messages.send(req.actor!, caseId, await validateDto(MessageDto, body));
      },
      undefined,
      undefined,
      {
        form: 'message',
        values: body,
        labels: { body: 'casePage.messages.label' },
        ids: { body: 'message-body' },
      },
    );
  }

  advice(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(
      req,
      caseId,
      'advice',
      async () => {
        await this.entries.addHrAdvice(
          req.actor!,
          caseId,
          await validateDto(HrAdviceDto, withoutBlanks(body)),
        );
      },
      undefined,
      undefined,
      { form: 'advice', values: body },
    );
  }

  referral(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(
      req,
      caseId,
      'referral',
      async () => {
        const form = withoutBlanks(body);
        // The day picked is sent as a day: a referral dated 28 November is kept as that date.
        await this.entries.addReferral(req.actor!, caseId, await validateDto(ReferralDto, form));
      },
      undefined,
      undefined,
      { form: 'referral', values: body },
    );
  }

  addEvidence(req: RequestWithActor, caseId: string): Promise<PageResult> {
    return this.act(req, caseId, 'evidence', async () => {
      // Read here, not by an interceptor: act() shows a refused form on the case page.
      await this.uploads.withForm(req, AddEvidenceDto, EVIDENCE_FORM, (form) =>
        this.evidence.attach(req.actor!, caseId, form.dto, form.files),
      );
    });
  }

  handover(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(
      req,
      caseId,
      'handover',
      async () => {
        await this.ownership.handOver(
          req.actor!,
          caseId,
          await validateDto(HandoverDto, withoutBlanks(body)),
        );
      },
      '/cases',
      undefined,
      {
        form: 'handover',
        values: body,
        labels: { toUserId: 'casePage.handover.to', reason: 'casePage.handover.why' },
        // The legal-hold form's box is "reason" on the same page.
        ids: { reason: 'handover-reason' },
      },
    );
  }

  appointPanel(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(
      req,
      caseId,
      'panel',
      async () => {
        await this.ownership.appointPanel(
          req.actor!,
          caseId,
          await validateDto(AppointPanelDto, withoutBlanks(body)),
        );
      },
      undefined,
      undefined,
      {
        form: 'panel',
        values: body,
        labels: { memberIds: 'casePage.panel.members' },
      },
    );
  }

  /** The codes a case cites with their titles in the catalogue version the case was filed under. */
  private async clausesWithTitles(policyVersionId: string, codes: string[]) {
    const titles = new Map(
      (await this.schools.clausesOf(policyVersionId)).map((c) => [c.code, c.title]),
    );
    return codes.map((code) => ({ code, title: titles.get(code) ?? null }));
  }

  /** People who may own a case: the school's heads, DSLs, chair and governors, but for the obvious conflicts. */
  private async handoverCandidates(c: CaseDetailResponse, me: string, t: Words, nation: Nation) {
    const holders = await this.users.holdersByRole(c.schoolId, [
      'chair_of_governors',
      'headteacher',
      'dsl',
      'governor',
    ]);
    const seen = new Set<string>([me]);
    const out: { value: string; label: string }[] = [];
    for (const [role, people] of holders) {
      // The server refuses these too; the list only spares a head a choice that would fail.
      if (role === 'headteacher' && c.aboutHeadteacher === 'yes') continue;
      for (const p of people) {
        if (seen.has(p.id) || p.id === c.subject?.userId || p.id === c.reporter?.id) continue;
        seen.add(p.id);
        // Wales's DSL is the "designated safeguarding person" (DOMAIN §5), in both languages.
        const named = t(
          nation === 'wales' && role === 'dsl' ? 'casePage.roleWales.dsl' : `casePage.role.${role}`,
        );
        out.push(option(p.id, `${p.name} (${named})`));
      }
    }
    return out;
  }

  private async panelCandidates(c: CaseDetailResponse) {
    const holders = await this.users.holdersByRole(c.schoolId, ['chair_of_governors', 'governor']);
    const seen = new Set<string>();
    return [...holders.values()]
      .flat()
      .filter((p) => !seen.has(p.id) && seen.add(p.id))
      .map((p) => option(p.id, p.name));
  }

  /** Runs a form's action; a refusal (4xx) shows the case again with the problem at the top. */
  private async act(
    req: RequestWithActor,
    caseId: string,
    done: string,
    action: () => Promise<void>,
    then = `/cases/${caseId}`,
    failed?: { move: string; values: Record<string, unknown> },
    retype?: Retype,
  ): Promise<PageResult> {
    try {
      await action();
      return { redirect: `${then}?done=${done}` };
    } catch (error) {
      const fields: readonly string[] = retype ? RETYPE_FIELDS[retype.form] : [];
      const errors = retype
        ? formErrors(error, fields, this.formLabels(req, retype.labels), languageOf(req))
            // A one-box form's message is about that box, even one worded without its name.
            .map((e) =>
              e.field === null && fields.length === 1
                ? { ...e, field: fields[0], href: `#${fields[0]}` }
                : e,
            )
            .map((e) =>
              // A field whose box has another id on this page (notes -> hearing-notes).
              e.field && retype.ids?.[e.field] ? { ...e, href: `#${retype.ids[e.field]}` } : e,
            )
        : formErrors(error, MOVE_FIELDS, this.formLabels(req), languageOf(req));
      const status = (error as DomainException).status;
      if (status === 404) throw error;
      // Names found in a governors' summary: the form comes back with the text and a box to
      // tick, the message in the page's own words (the API's speaks of its flag).
      const names = (error as DomainException).extra?.names;
      const namesFound = (error as DomainException).code === 'CASE_SUMMARY_NAMES_FOUND';
      const shown =
        namesFound && Array.isArray(names)
          ? [
              {
                field: 'governorSummary',
                text: this.wordsFor(req)('casePage.namesFound', { names: names.join(', ') }),
                href: '#governorSummary',
              },
            ]
          : errors;
      return {
        view: 'web/cases/show',
        model: await this.show(
          req,
          caseId,
          shown,
          failed ? { ...failed, namesFound } : undefined,
          retype,
        ),
        status,
      };
    }
  }

  recordHearing(req: RequestWithActor, caseId: string, body: Record<string, unknown>) {
    return this.act(
      req,
      caseId,
      'hearing',
      async () => {
        const form = withoutBlanks(body);
        if (typeof form.heldAt === 'string') form.heldAt = localToInstant(form.heldAt);
        await this.trackEntries.recordHearing(
          req.actor!,
          caseId,
          await validateDto(HearingRecordDto, form),
        );
      },
      undefined,
      undefined,
      {
        form: 'hearing',
        values: body,
        labels: {
          heldAt: 'casePage.recordHearing.errorLabels.heldAt',
          companion: 'casePage.recordHearing.errorLabels.companion',
          companionName: 'casePage.recordHearing.errorLabels.companionName',
          notes: 'casePage.recordHearing.errorLabels.notes',
        },
        ids: { notes: 'hearing-notes' },
      },
    );
  }

  recordLetterSent(req: RequestWithActor, caseId: string, body: Record<string, unknown>) {
    return this.act(
      req,
      caseId,
      'letter_sent',
      async () => {
        await this.trackEntries.recordOutcomeLetterSent(
          req.actor!,
          caseId,
          await validateDto(LetterSentDto, withoutBlanks(body)),
        );
      },
      undefined,
      undefined,
      {
        form: 'letter',
        values: body,
        labels: { sentAt: 'casePage.letter.sentAt' },
      },
    );
  }

  recordAction(req: RequestWithActor, caseId: string, body: Record<string, unknown>) {
    return this.act(
      req,
      caseId,
      'action',
      async () => {
        await this.trackEntries.recordAction(
          req.actor!,
          caseId,
          await validateDto(CaseActionDto, withoutBlanks(body)),
        );
      },
      undefined,
      undefined,
      {
        form: 'action',
        values: body,
        labels: {
          action: 'casePage.action.errorLabels.action',
          detail: 'casePage.action.errorLabels.detail',
          platform: 'casePage.action.errorLabels.platform',
          removed: 'casePage.action.errorLabels.removed',
          representationsBy: 'casePage.action.errorLabels.representationsBy',
          reviewDate: 'casePage.action.errorLabels.reviewDate',
        },
        ids: {
          action: 'action-kind',
          detail: 'action-detail',
          platform: 'action-platform',
          removed: 'action-removed',
          representationsBy: 'action-representations',
          reviewDate: 'action-review',
        },
      },
    );
  }

  recordSupport(req: RequestWithActor, caseId: string, body: Record<string, unknown>) {
    return this.act(
      req,
      caseId,
      'support',
      async () => {
        await this.trackEntries.recordSupport(
          req.actor!,
          caseId,
          await validateDto(SupportDto, withoutBlanks(body)),
        );
      },
      undefined,
      undefined,
      {
        form: 'support',
        values: body,
        labels: { detail: 'casePage.support.detail' },
        ids: { detail: 'support-detail' },
      },
    );
  }

  recordResignation(req: RequestWithActor, caseId: string, body: Record<string, unknown>) {
    return this.act(
      req,
      caseId,
      'resignation',
      async () => {
        await this.trackEntries.recordResignation(
          req.actor!,
          caseId,
          await validateDto(ResignationDto, withoutBlanks(body)),
        );
      },
      undefined,
      undefined,
      {
        form: 'resignation',
        values: body,
        labels: { resignedAt: 'casePage.resignation.resignedAt' },
        ids: { resignedAt: 'resigned-at' },
      },
    );
  }

  /** The track's own record-keeping forms: actions, support offered, a resignation. */
  private trackForms(c: CaseDetailResponse, isOwner: boolean, t: Words) {
    const open = c.status !== 'closed';
    const track = c.track as Track | null;
    const actions = isOwner && open && track ? actionsFor(track) : [];
    return {
      actionChoices: actions.map((a) => option(a, t.named.action[a])),
      mayRecordAction: actions.length > 0,
      platforms: PLATFORMS.map((p) => option(p, t.named.platform[p])),
      mayRecordSupport: isOwner && open && track === 'online_abuse',
      supportRecorded: Boolean(c.procedure?.supportOfferedAt),
      mayRecordResignation:
        isOwner &&
        open &&
        !c.procedure?.resignedAt &&
        (track === 'allegation' || track === 'disciplinary' || track === 'conduct_other'),
      caseActions: (c.procedure?.actions ?? []).map((a) => ({
        what: label(t.named.action, a.action),
        at: t.when(a.at),
        detail: a.detail,
      })),
      missedDeadlines: (c.procedure?.missedDeadlines ?? []).map((m) => ({
        what: label(t.named.clock, m.clock),
        dueAt: t.when(m.dueAt),
        metAt: m.metAt ? t.when(m.metAt) : t('casePage.missed.notMet'),
      })),
      mayPlaceHold: isOwner,
      legalHolds: (c.procedure?.legalHolds ?? []).map((h) => ({
        id: h.id,
        mayLift: isOwner && h.active,
        reason: h.reason,
        placedAt: t.when(h.placedAt),
        state: h.active
          ? t('casePage.holds.active')
          : t('casePage.holds.lifted', { at: t.when(h.liftedAt), reason: h.liftReason ?? '' }),
      })),
      retention: c.procedure?.retention
        ? {
            rule: t(`labels.retentionRule.${c.procedure.retention.rule}`),
            until: c.procedure.retention.retainUntil
              ? t.date(c.procedure.retention.retainUntil)
              : t('casePage.retention.untilReviewed'),
            allegation: track === 'allegation',
            referenceMention: t(
              c.procedure.allegation.referenceMention
                ? 'casePage.retention.yes'
                : 'casePage.retention.no',
            ),
            outcomeCopyGivenAt: c.procedure.allegation.outcomeCopyGivenAt
              ? t.date(c.procedure.allegation.outcomeCopyGivenAt)
              : t('casePage.retention.notRecorded'),
          }
        : null,
    };
  }

  /** Who may be named investigator or hearing manager: the school's people but the subject and reporter. */
  private async namedPeople(c: CaseDetailResponse) {
    const people = await this.users.directory(c.schoolId);
    return people.filter((p) => p.id !== c.subject?.userId && p.id !== c.reporter?.id);
  }
}

/**
 * The list's search and filters from the query string. Only values the API's list query takes
 * are kept: the page's own controls send nothing else, and a hand-edited address that does is
 * shown the unfiltered list rather than an error page.
 */
function inboxFilters(
  params: Record<string, unknown>,
  clauses: ReadonlyArray<{ code: string }>,
): ListCasesQuery {
  const text = (key: string) => (typeof params[key] === 'string' ? params[key].trim() : '');
  const q = text('q').slice(0, 200);
  const status = text('status');
  const type = text('type');
  return {
    ...(q ? { q } : {}),
    ...((CASE_STATUSES as readonly string[]).includes(status) ? { status } : {}),
    ...((REPORT_TYPES as readonly string[]).includes(type) ? { type } : {}),
    ...(text('overdue') === 'true' ? { overdue: 'true' } : {}),
    ...(clauses.some((c) => c.code === text('clause')) ? { clause: text('clause') } : {}),
  };
}

/**
 * The subject connections the one-line summary names in a word or two (caseList.relationship):
 * all but `unknown`, which it leaves out.
 */
export const ABOUT_RELATIONSHIPS = SUBJECT_RELATIONSHIPS.filter((r) => r !== 'unknown');

/**
 * One line saying what a case is about: who it concerns, where, and the first clause cited, and
 * the start of the reporter's words. A confidential reporter's words are left out altogether:
 * how something was seen or put often says who saw it, and this line is read over shoulders.
 */
export function aboutLine(c: CaseDetailResponse, t: Words, titles?: Map<string, string>): string {
  const parts: string[] = [];
  const relationship = c.subject?.relationship;
  const who =
    relationship && (ABOUT_RELATIONSHIPS as readonly string[]).includes(relationship)
      ? t(`caseList.relationship.${relationship}`)
      : undefined;
  if (c.subject?.name)
    parts.push(who ? t('caseList.about.named', { name: c.subject.name, who }) : c.subject.name);
  else if (who) parts.push(t('caseList.about.notNamed', { who }));
  if (c.platform)
    parts.push(t('caseList.about.on', { platform: label(t.named.platform, c.platform) }));
  const first = c.clauseCodes?.[0];
  if (first) {
    const more = (c.clauseCodes?.length ?? 1) - 1;
    const clause = `${first} ${shorten(titles?.get(first) ?? '', 50)}`.trim();
    parts.push(more > 0 ? t('caseList.about.more', { clause, number: more }) : clause);
  }
  let line = parts.join(' · ');
  if (!c.confidentialReporter && c.description) {
    const words = shorten(c.description, 70);
    line = line
      ? t('caseList.about.withQuote', { line, words })
      : t('caseList.about.quote', { words });
  }
  return line || label(t.named.reportType, c.type);
}

/** At most about `max` characters, cut between words. */
function shorten(text: string, max: number): string {
  const words = text.replace(/\s+/g, ' ').trim();
  if (words.length <= max) return words;
  return `${words
    .slice(0, max)
    .replace(/\s+\S*$/, '')
    .replace(/[\s,.;:–-]+$/, '')}…`;
}

function row(c: CaseDetailResponse, t: Words) {
  return {
    id: c.id,
    reference: c.reference,
    status: t.named.status[c.status as CaseStatus],
    reportedAt: t.when(c.reportedAt),
    dueAt: t.when(c.dueAt),
    overdue: c.overdue,
    safeguarding: Boolean(c.safeguarding),
    type: label(t.named.reportType, c.type),
  };
}

/** A form's own check, placed beside its field. */
function fieldError(field: string, message: string): DomainException {
  const error = new DomainException(400, 'VALIDATION_FAILED', message);
  error.field = field;
  return error;
}

/** What a case in the "waiting for you" list waits for, from the panel's side or the appointer's. */
function waitingWhy(
  t: Words,
  sitsOnIt: boolean,
  panelSitting: boolean,
  dismissal: boolean,
): string {
  const kind = dismissal ? 'Dismissal' : 'Appeal';
  if (sitsOnIt) return t(`caseList.waiting.sitsOn${kind}`);
  if (panelSitting) return t(`caseList.waiting.sitting${kind}`);
  return t(`caseList.waiting.appoint${kind}`);
}

/** A chain-of-custody row's "what" in the page's words (the case file has its own). */
function custodySaid(row: CustodyRow, t: Words): string {
  if (row.what !== 'viewed') return t(`casePage.evidence.${row.what}`);
  if (row.count === 1) return t('casePage.evidence.viewed');
  return t('casePage.evidence.viewedMany', {
    times: row.count,
    first: t.when(row.at.toISOString()),
    last: t.when(row.lastAt.toISOString()),
  });
}

/** A timeline entry of the API's case view, said in the reader's language. */
function timelineLine(e: TimelineEntryResponse, lang: Language): string {
  return describeEvent(
    {
      kind: e.kind as CaseEventKind,
      fromStatus: e.from ?? null,
      toStatus: e.to ?? null,
      data: e.data ? JSON.stringify(e.data) : null,
    },
    lang,
  );
}
