import { Injectable } from '@nestjs/common';
import { REFERRAL_AGENCIES } from '../cases/case.constants.js';
import { AGENCY_LABEL, label, PLATFORM_LABEL, REPORT_TYPE_LABEL } from '../cases/case-labels.js';
import { CaseEntriesService } from '../cases/case-entries.service.js';
import { CaseTransitionsService } from '../cases/case-transitions.service.js';
import { CasesService } from '../cases/cases.service.js';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import {
  AppointPanelDto,
  HandoverDto,
  HrAdviceDto,
  NoteDto,
  ReferralDto,
  TransitionDto,
} from '../cases/dto/case-commands.dto.js';
import { CaseOwnershipService } from '../cases/case-ownership.service.js';
import {
  APPEAL_RESULTS,
  CLASSIFICATIONS,
  FINDINGS,
  FORMAL_SANCTIONS,
  labels,
  SANCTIONS,
  type CaseStatus,
} from '../cases/workflow/index.js';
import { Clock } from '../common/clock/clock.js';
import { endOfLondonDay, isIsoDate, londonDate } from '../common/clock/london-time.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { AddEvidenceDto, EVIDENCE_FORM } from '../evidence/dto/add-evidence.dto.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { UploadFormReader } from '../platform/uploads/upload-form.reader.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { UsersService } from '../users/users.service.js';
import { FormError, formErrors, withoutBlanks } from './form-errors.js';
import { PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
const EVENT_LABEL: Record<string, string> = {
  reported: 'Report received',
  note: 'Note',
  hr_advice: 'HR advice',
  referral: 'Referral recorded',
  evidence_added: 'Evidence added',
  handover: 'Handed over to a new owner',
  panel_appointed: 'Appeal panel appointed',
};
const ROLE_WORD: Record<string, string> = {
  chair_of_governors: 'chair of governors',
  headteacher: 'headteacher',
  dsl: 'safeguarding lead',
  governor: 'governor',
};
const when = (iso: string | null) => (iso ? formatLondon(iso, 'datetime') : '—');
const option = (value: string, label: string) => ({ value, label });

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
  ) {}

  /** The owner's inbox: overdue first, then newest; and the appeals waiting for this person. */
  async inbox(req: RequestWithActor) {
    const [owned, panels] = await Promise.all([
      this.cases.list(req.actor!, { limit: 100 }, 'owned'),
      this.cases.list(req.actor!, { limit: 100 }, 'panels'),
    ]);
    const items = [...owned.items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
    return {
      ...this.pages.base(req, 'Cases', '/cases'),
      cases: items.map(row),
      waiting: panels.items.map((c) => ({
        ...row(c),
        why:
          c.access === 'panel'
            ? 'You sit on its appeal panel'
            : 'Appoint a panel to hear its appeal',
      })),
    };
  }

  /** HR: cases waiting for advice first, then those advised on before. */
  async hrQueue(req: RequestWithActor) {
    const list = await this.cases.list(req.actor!, { limit: 100 }, 'hr');
    const waiting = list.items.filter((c) => c.status === 'hr_advice');
    const others = list.items.filter((c) => c.status !== 'hr_advice');
    return {
      ...this.pages.base(req, 'HR advice', '/hr'),
      waiting: waiting.map(row),
      others: others.map(row),
    };
  }

  async show(req: RequestWithActor, caseId: string, errors: FormError[] = []) {
    const { detail: c, relation } = await this.cases.detailWithRelation(req.actor!, caseId);
    const names = await this.users.namesOf(
      [...c.timeline.map((e) => e.actorId), ...c.hrAdvice.map((a) => a.adviserId)].filter(
        (id): id is string => Boolean(id),
      ),
    );
    const name = (id: string | null) => (id ? (names.get(id) ?? 'unknown') : '—');
    const full = ['owner', 'hr', 'panel'].includes(relation.access);
    const isReporterView = relation.access === 'reporter';
    const isOwner = relation.isOwner;
    const isHr = relation.isHr;
    const decided = ['outcome', 'appeal', 'closed'].includes(c.status);
    const base = this.pages.base(req, `Case ${c.reference}`, isOwner ? '/cases' : '');
    const [handoverTo, panelChoices] = await Promise.all([
      isOwner && c.status !== 'closed' ? this.handoverCandidates(c, req.actor!.userId) : [],
      relation.isAppointer && c.status === 'appeal' ? this.panelCandidates(c) : [],
    ]);
    return {
      ...base,
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
      c: {
        id: c.id,
        reference: c.reference,
        status: labels.status[c.status as CaseStatus],
        version: c.version,
        type: label(REPORT_TYPE_LABEL, c.type),
        reportedAt: when(c.reportedAt),
        occurredAt: when(c.occurredAt),
        description: c.description,
        clauseCodes: c.clauseCodes ? c.clauseCodes.join(', ') : null,
        subject: c.subject
          ? { name: c.subject.name ?? 'not named', relationship: c.subject.relationship ?? '' }
          : null,
        reporter: c.reporter ? c.reporter.name : null,
        confidentialReporter: Boolean(c.confidentialReporter),
        safeguarding: Boolean(c.safeguarding),
        indecentImages: Boolean(c.indecentImagesOfChildren),
        platform: c.platform ? label(PLATFORM_LABEL, c.platform) : null,
        postUrl: c.postUrl,
        classification: c.classification
          ? labels.classification[c.classification as keyof typeof labels.classification]
          : null,
        dueAt: c.dueAt ? when(c.dueAt) : null,
        overdue: c.overdue,
        outcome: c.outcome
          ? {
              finding: labels.finding[c.outcome.finding as keyof typeof labels.finding],
              sanction: labels.sanction[c.outcome.sanction as keyof typeof labels.sanction],
              rationale: c.outcome.rationale,
              decidedAt: when(c.outcome.decidedAt),
              appealResult: c.outcome.appealResult
                ? labels.appealResult[c.outcome.appealResult as keyof typeof labels.appealResult]
                : null,
            }
          : null,
        governorSummary: c.governorSummary,
      },
      full,
      evidence: c.evidence.map((e, i) => ({
        number: i + 1,
        id: e.id,
        sha256: e.sha256,
        mimeType: e.mimeType,
        capturedAt: when(e.capturedAt),
        receivedAt: when(e.receivedAt),
        showImage: full && IMAGE_TYPES.has(e.mimeType),
        downloadable: full,
      })),
      timeline: c.timeline.map((e) => ({
        at: when(e.at),
        who: name(e.actorId),
        what:
          e.kind === 'transition'
            ? `${labels.status[e.from as CaseStatus] ?? e.from} → ${labels.status[e.to as CaseStatus] ?? e.to}`
            : (EVENT_LABEL[e.kind] ?? e.kind),
        note: e.note ?? null,
      })),
      hrAdvice: c.hrAdvice.map((a) => ({
        at: when(a.at),
        who: name(a.adviserId),
        advice: a.advice,
      })),
      referrals: c.referrals.map((r) => ({
        agency: label(AGENCY_LABEL, r.agency),
        reference: r.reference,
        referredAt: when(r.referredAt),
      })),
      actions: this.actionsFor(c),
      mayNote: isOwner || isHr,
      mayAdvise: isHr && c.status === 'hr_advice',
      mayRefer: isOwner,
      mayAddEvidence:
        (isOwner || (isReporterView && c.status !== 'closed')) && !c.indecentImagesOfChildren,
      evidenceAction: `/cases/${c.id}/evidence?_csrf=${encodeURIComponent(base.page.csrfToken)}`,
      hrFile: isOwner || isHr,
      governorsFile: decided && (isOwner || relation.mayReadBoardSummary),
      handoverTo,
      panelChoices,
      mayAppoint: panelChoices.length > 0,
      agencies: REFERRAL_AGENCIES.map((a) => option(a, AGENCY_LABEL[a])),
      today: londonDate(this.clock.now()),
      options: this.options,
    };
  }

  transition(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(req, caseId, 'moved', async () => {
      const form = withoutBlanks(body);
      for (const key of ['appealLodgedAt'] as const)
        if (typeof form[key] === 'string') form[key] = this.dateToInstant(form[key]);
      const dto = await validateDto(TransitionDto, form);
      await this.transitions.transition(req.actor!, caseId, dto);
    });
  }

  note(req: RequestWithActor, caseId: string, body: Record<string, unknown>): Promise<PageResult> {
    return this.act(req, caseId, 'note', async () => {
      await this.entries.addNote(
        req.actor!,
        caseId,
        await validateDto(NoteDto, withoutBlanks(body)),
      );
    });
  }

  advice(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(req, caseId, 'advice', async () => {
      await this.entries.addHrAdvice(
        req.actor!,
        caseId,
        await validateDto(HrAdviceDto, withoutBlanks(body)),
      );
    });
  }

  referral(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(req, caseId, 'referral', async () => {
      const form = withoutBlanks(body);
      if (typeof form.referredAt === 'string')
        form.referredAt = this.dateToInstant(form.referredAt);
      await this.entries.addReferral(req.actor!, caseId, await validateDto(ReferralDto, form));
    });
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
    );
  }

  appointPanel(
    req: RequestWithActor,
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    return this.act(req, caseId, 'panel', async () => {
      await this.ownership.appointPanel(
        req.actor!,
        caseId,
        await validateDto(AppointPanelDto, withoutBlanks(body)),
      );
    });
  }

  /** People who may own a case: the school's heads, DSLs, chair and governors, but for the obvious conflicts. */
  private async handoverCandidates(c: CaseDetailResponse, me: string) {
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
        out.push(option(p.id, `${p.name} (${ROLE_WORD[role]})`));
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
  ): Promise<PageResult> {
    try {
      await action();
      return { redirect: `${then}?done=${done}` };
    } catch (error) {
      const errors = formErrors(error, []);
      const status = (error as DomainException).status;
      if (status === 404) throw error;
      return { view: 'web/cases/show', model: await this.show(req, caseId, errors), status };
    }
  }

  /** A date picked in a form means "on that day": today means now, an earlier day its last moment. */
  private dateToInstant(value: string): string {
    if (!isIsoDate(value)) return value;
    const now = this.clock.now();
    const end = endOfLondonDay(value);
    return (end < now ? end : now).toISOString();
  }

  private actionsFor(c: CaseDetailResponse) {
    const from = c.status as CaseStatus;
    return c.allowedTransitions.map((to) => {
      const base = {
        to,
        version: c.version,
        title: '',
        button: '',
        classification: false,
        note: false,
        noteRequired: false,
        rationale: false,
        hrQuestion: false,
        outcome: false,
        appealDate: false,
        appealDecision: false,
        sanctions: [] as { value: string; label: string }[],
      };
      if (to === 'investigating' && from === 'reported')
        return {
          ...base,
          title: 'Triage and start investigating',
          button: 'Start investigating',
          classification: true,
          note: true,
        };
      if (to === 'investigating')
        return {
          ...base,
          title: 'Return to investigation',
          button: 'Return to investigation',
          note: true,
          noteRequired: true,
        };
      if (to === 'closed' && from === 'reported')
        return {
          ...base,
          title: 'Close: no further action',
          button: 'Close the case',
          classification: true,
          rationale: true,
        };
      if (to === 'closed')
        return { ...base, title: 'Close the case', button: 'Close the case', note: true };
      if (to === 'hr_advice')
        return { ...base, title: 'Ask HR for advice', button: 'Send to HR', hrQuestion: true };
      if (to === 'appeal')
        return {
          ...base,
          title: 'Record an appeal',
          button: 'Record the appeal',
          appealDate: true,
        };
      if (to === 'outcome' && from === 'appeal') {
        return {
          ...base,
          title: 'Decide the appeal',
          button: 'Record the appeal decision',
          appealDecision: true,
          note: true,
          sanctions: SANCTIONS.map((s) => option(s, labels.sanction[s])),
        };
      }
      const allowed =
        from === 'investigating'
          ? SANCTIONS.filter((s) => !(FORMAL_SANCTIONS as readonly string[]).includes(s))
          : SANCTIONS;
      return {
        ...base,
        title: 'Record the outcome',
        button: 'Record the outcome',
        outcome: true,
        note: true,
        sanctions: allowed.map((s) => option(s, labels.sanction[s])),
      };
    });
  }

  readonly options = {
    classifications: CLASSIFICATIONS.map((v) => option(v, labels.classification[v])),
    findings: FINDINGS.map((v) => option(v, labels.finding[v])),
    appealResults: APPEAL_RESULTS.map((v) => option(v, labels.appealResult[v])),
  };
}

function row(c: CaseDetailResponse) {
  return {
    id: c.id,
    reference: c.reference,
    status: labels.status[c.status as CaseStatus],
    reportedAt: formatLondon(c.reportedAt, 'datetime'),
    dueAt: c.dueAt ? formatLondon(c.dueAt, 'datetime') : '—',
    overdue: c.overdue,
    safeguarding: Boolean(c.safeguarding),
    type: label(REPORT_TYPE_LABEL, c.type),
  };
}
