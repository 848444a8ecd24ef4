import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { SchoolRulesService } from '../cases/school-rules.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { endOfLondonDay, londonDate } from '../common/clock/london-time.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { isUniqueViolation } from '../common/database/unique-violation.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { SubjectAccessExport } from '../documents/subject-access-export.entity.js';
import { SubjectAccessExportService } from '../documents/subject-access-export.service.js';
import { isUuid } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import {
  CreateSubjectAccessRequestDto,
  ExtendSubjectAccessRequestDto,
  ReleaseSubjectAccessExportDto,
  SubjectAccessDraftResponse,
  SubjectAccessExportSummary,
  SubjectAccessRequestResponse,
} from './dto/subject-access.dto.js';
import { SAR_MAX_EXTENSION_MONTHS, subjectAccessDueOn } from './subject-access-due.js';
import {
  SarEventKind,
  SarReviewerRole,
  SubjectAccessEvent,
  SubjectAccessRequest,
} from './subject-access.entities.js';

/** Where a request stands, read from its events. */
export interface SarState {
  originalDueOn: string;
  dueOn: string;
  extensionMonths: number;
  answeredOn: string | null;
}

export interface ExportFile {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

/**
 * The register of subject access requests (issue 15 item 5, DOMAIN.md §6 and §8).
 *
 * Who: the school's admin keeps the register (records a request, extends it) and sees its dates
 * and events, never the export, which is case content. The export is drafted, reviewed and
 * released by the reviewer: the head, or the chair when the request is about the head (who
 * must never see a case about themselves, DOMAIN.md §4, so a request about the head is not
 * even listed to them). The chair may also draft any request's export: a head's draft leaves
 * out the cases the head may not see, and only the chair's holds them. Nobody reviews a request
 * about themselves. Anyone else, and other schools, get 404.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly rules: SchoolRulesService,
    private readonly exports: SubjectAccessExportService,
    private readonly clock: Clock,
  ) {}

  async create(
    actor: Actor,
    dto: CreateSubjectAccessRequestDto,
  ): Promise<SubjectAccessRequestResponse> {
    if (!this.keepsRegister(actor, dto.schoolId)) throw new NotFoundDomainException('School');
    let personName = dto.personName?.trim() ?? '';
    let aboutHead = dto.aboutHeadteacher ?? false;
    if (dto.personUserId) {
      const roles = await this.users.rolesOf(dto.personUserId, dto.schoolId);
      if (roles.length === 0) throw new NotFoundDomainException('Person');
      personName = (await this.users.namesOf([dto.personUserId])).get(dto.personUserId)!;
      aboutHead = aboutHead || roles.includes('headteacher');
    }
    if (!personName)
      throw onField(
        'personName',
        new DomainException(
          400,
          'SAR_PERSON_REQUIRED',
          'Name the person the request is about: pick them from the school’s people, or give their name',
        ),
      );
    const calendar = await this.calendarOf(dto.schoolId);
    const now = this.clock.now();
    if (dto.receivedOn > londonDate(now))
      throw onField(
        'receivedOn',
        new DomainException(
          400,
          'SAR_RECEIVED_IN_FUTURE',
          'The date received cannot be after today',
        ),
      );
    const request = Object.assign(new SubjectAccessRequest(), {
      id: randomUUID(),
      schoolId: dto.schoolId,
      requesterName: dto.requesterName.trim(),
      requesterContact: dto.requesterContact?.trim() || null,
      personUserId: dto.personUserId ?? null,
      personName,
      reviewerRole: (aboutHead ? 'chair_of_governors' : 'headteacher') as SarReviewerRole,
      receivedOn: dto.receivedOn,
      createdById: actor.userId,
      createdAt: now,
    });
    const dueOn = subjectAccessDueOn(dto.receivedOn, 0, calendar);
    await this.transactions.run(async (em) => {
      await em.getRepository(SubjectAccessRequest).insert(request);
      await this.appendEvent(em, request, actor, 'received', { onDate: dueOn });
    });
    return this.view(request, actor);
  }

  async list(actor: Actor, schoolId: string): Promise<SubjectAccessRequestResponse[]> {
    if (!isUuid(schoolId) || !this.keepsRegister(actor, schoolId))
      throw new NotFoundDomainException('School');
    const rows = await this.dataSource
      .getRepository(SubjectAccessRequest)
      .find({ where: { schoolId }, order: { receivedOn: 'DESC', createdAt: 'DESC' } });
    return Promise.all(rows.filter((r) => this.maySee(actor, r)).map((r) => this.view(r, actor)));
  }

  async get(actor: Actor, id: string): Promise<SubjectAccessRequestResponse> {
    return this.view(await this.visible(actor, id), actor);
  }

  extend(
    actor: Actor,
    id: string,
    dto: ExtendSubjectAccessRequestDto,
  ): Promise<SubjectAccessRequestResponse> {
    return this.changing(actor, async (em) => {
      const request = await this.visible(actor, id, em);
      const state = this.stateOf(await this.eventsOf(em, request.id));
      if (state.answeredOn) throw answered();
      const months = state.extensionMonths + dto.months;
      if (months > SAR_MAX_EXTENSION_MONTHS)
        throw new DomainException(
          409,
          'SAR_EXTENSION_TOO_LONG',
          `A request may be extended by ${SAR_MAX_EXTENSION_MONTHS} months at most in all`,
        );
      const dueOn = subjectAccessDueOn(
        request.receivedOn,
        months,
        await this.calendarOf(request.schoolId),
      );
      await this.appendEvent(em, request, actor, 'extended', {
        onDate: dueOn,
        months: dto.months,
        reason: dto.reason.trim(),
      });
      return request;
    });
  }

  /** Renders a new draft for the reviewer, with the passages they must read before release. */
  async draft(actor: Actor, id: string): Promise<SubjectAccessDraftResponse> {
    const request = await this.reviewable(actor, id);
    if (this.stateOf(await this.eventsOf(this.dataSource.manager, request.id)).answeredOn)
      throw answered();
    const row = await this.exports.draft(actor, {
      requestId: request.id,
      schoolId: request.schoolId,
      schoolCode: actor.memberships.find((m) => m.schoolId === request.schoolId)!.schoolCode,
      personUserId: request.personUserId,
      personName: request.personName,
      receivedOn: request.receivedOn,
      excludeHeadExcluded: !actor.hasRole(request.schoolId, 'chair_of_governors'),
    });
    await this.changing(actor, async (em) => {
      // Answered while this draft rendered: it is not needed, and not kept.
      if (this.stateOf(await this.eventsOf(em, request.id)).answeredOn) throw answered();
      await em.getRepository(SubjectAccessExport).insert(row);
      await this.appendEvent(
        em,
        request,
        actor,
        'export_drafted',
        { exportId: row.id },
        {
          pdfSha256: row.pdfSha256,
          jsonSha256: row.jsonSha256,
          cases: row.caseCount,
          flags: row.flagCount,
        },
      );
      return request;
    });
    return {
      ...summaryOf(row),
      review: JSON.parse(row.review) as SubjectAccessDraftResponse['review'],
    };
  }

  /** The latest export, as drafted: the reviewer reads it, and hands exactly these bytes over. */
  async file(actor: Actor, id: string, format: 'pdf' | 'json'): Promise<ExportFile> {
    const request = await this.reviewable(actor, id);
    const row = await this.latestExport(this.dataSource.manager, request.id);
    if (!row) throw noDraft();
    const bytes =
      format === 'pdf' ? Buffer.from(row.pdfBase64, 'base64') : Buffer.from(row.json, 'utf8');
    // Reading an export is reading case content: it is audited like a case-file download.
    await this.audit.record({
      actorId: actor.userId,
      action: 'subject_access.export_downloaded',
      targetType: 'subject_access_request',
      targetId: request.id,
      schoolId: request.schoolId,
      detail: {
        exportId: row.id,
        format,
        sha256: format === 'pdf' ? row.pdfSha256 : row.jsonSha256,
      },
    });
    return {
      bytes,
      contentType: format === 'pdf' ? 'application/pdf' : 'application/json',
      filename: `subject-access-${request.receivedOn}-${row.id.slice(0, 8)}.${format}`,
    };
  }

  /** The reviewer hands the export over: the answered date, who and which bytes, audited. */
  release(
    actor: Actor,
    id: string,
    dto: ReleaseSubjectAccessExportDto,
  ): Promise<SubjectAccessRequestResponse> {
    return this.changing(actor, async (em) => {
      const request = await this.reviewable(actor, id, em);
      if (this.stateOf(await this.eventsOf(em, request.id)).answeredOn) throw answered();
      const latest = await this.latestExport(em, request.id);
      if (!latest) throw noDraft();
      if (latest.id !== dto.exportId)
        throw new DomainException(
          409,
          'SAR_DRAFT_SUPERSEDED',
          'A newer draft has been produced since: review that one and release it',
        );
      await this.appendEvent(
        em,
        request,
        actor,
        'released',
        { onDate: londonDate(this.clock.now()), exportId: latest.id },
        { pdfSha256: latest.pdfSha256, jsonSha256: latest.jsonSha256 },
      );
      return request;
    });
  }

  /** Where a request stands, from its events in order. */
  stateOf(events: SubjectAccessEvent[]): SarState {
    let originalDueOn = '';
    let dueOn = '';
    let extensionMonths = 0;
    let answeredOn: string | null = null;
    for (const e of events) {
      if (e.kind === 'received') originalDueOn = dueOn = e.onDate!;
      if (e.kind === 'extended') {
        dueOn = e.onDate!;
        extensionMonths += e.months ?? 0;
      }
      if (e.kind === 'released') answeredOn = e.onDate;
    }
    return { originalDueOn, dueOn, extensionMonths, answeredOn };
  }

  eventsOf(em: EntityManager, requestId: string): Promise<SubjectAccessEvent[]> {
    return em
      .getRepository(SubjectAccessEvent)
      .find({ where: { requestId }, order: { seq: 'ASC' } });
  }

  /** A change, in one transaction with its event and audit entry; answers the register's row. */
  private async changing(
    actor: Actor,
    work: (em: EntityManager) => Promise<SubjectAccessRequest>,
  ): Promise<SubjectAccessRequestResponse> {
    const request = await this.transactions.run(work).catch((error: unknown) => {
      // Two changes at once claimed the same event number: one of them wins.
      if (isUniqueViolation(error))
        throw new DomainException(409, 'CONFLICT', 'The request changed meanwhile: reload it');
      throw error;
    });
    return this.view(request, actor);
  }

  private async appendEvent(
    em: EntityManager,
    request: SubjectAccessRequest,
    actor: Actor,
    kind: SarEventKind,
    fields: Partial<Pick<SubjectAccessEvent, 'onDate' | 'months' | 'reason' | 'exportId'>>,
    auditDetail: Record<string, unknown> = {},
  ): Promise<void> {
    const last = await em
      .getRepository(SubjectAccessEvent)
      .findOne({ where: { requestId: request.id }, order: { seq: 'DESC' } });
    const event = Object.assign(new SubjectAccessEvent(), {
      id: randomUUID(),
      requestId: request.id,
      schoolId: request.schoolId,
      seq: (last?.seq ?? 0) + 1,
      kind,
      at: this.clock.now(),
      actorId: actor.userId,
      onDate: fields.onDate ?? null,
      months: fields.months ?? null,
      reason: fields.reason ?? null,
      exportId: fields.exportId ?? null,
    });
    await em.getRepository(SubjectAccessEvent).insert(event);
    // Ids, dates and hashes only: the reason of an extension stays in the register.
    await this.audit.append(em, {
      actorId: actor.userId,
      action: `subject_access.${kind}`,
      targetType: 'subject_access_request',
      targetId: request.id,
      schoolId: request.schoolId,
      detail: {
        ...(event.onDate ? { onDate: event.onDate } : {}),
        ...(event.months ? { months: event.months } : {}),
        ...(event.exportId ? { exportId: event.exportId } : {}),
        ...auditDetail,
      },
    });
  }

  /**
   * The register's row. How many cases the export holds is itself case information (how often
   * the person was reported): only the reviewer sees the counts, the admin the hashes alone.
   */
  private async view(
    request: SubjectAccessRequest,
    actor: Actor,
  ): Promise<SubjectAccessRequestResponse> {
    const events = await this.eventsOf(this.dataSource.manager, request.id);
    const state = this.stateOf(events);
    const latest = await this.latestExport(this.dataSource.manager, request.id);
    return {
      id: request.id,
      schoolId: request.schoolId,
      requesterName: request.requesterName,
      requesterContact: request.requesterContact,
      personUserId: request.personUserId,
      personName: request.personName,
      reviewerRole: request.reviewerRole,
      receivedOn: request.receivedOn,
      originalDueOn: state.originalDueOn,
      dueOn: state.dueOn,
      extensionMonths: state.extensionMonths,
      answeredOn: state.answeredOn,
      overdue: state.answeredOn === null && this.clock.now() > endOfLondonDay(state.dueOn),
      latestExport: latest
        ? this.reviews(actor, request)
          ? summaryOf(latest)
          : { ...summaryOf(latest), caseCount: null, flagCount: null }
        : null,
      events: events.map((e) => ({
        kind: e.kind,
        at: e.at.toISOString(),
        actorId: e.actorId,
        onDate: e.onDate,
        months: e.months,
        reason: e.reason,
        exportId: e.exportId,
      })),
    };
  }

  /** The draft of the last export_drafted event: the events' order is the register's own. */
  private async latestExport(
    em: EntityManager,
    requestId: string,
  ): Promise<SubjectAccessExport | null> {
    const drafted = await em.getRepository(SubjectAccessEvent).findOne({
      where: { requestId, kind: 'export_drafted' },
      order: { seq: 'DESC' },
    });
    if (!drafted?.exportId) return null;
    return em.getRepository(SubjectAccessExport).findOne({ where: { id: drafted.exportId } });
  }

  private async calendarOf(schoolId: string) {
    return this.rules.calendarFor(await this.rules.rulesFor(schoolId));
  }

  /** The admin, the head and the chair keep a school's register. */
  private keepsRegister(actor: Actor, schoolId: string): boolean {
    const roles = actor.rolesIn(schoolId);
    return (['admin', 'headteacher', 'chair_of_governors'] as const).some((r) => roles.includes(r));
  }

  /** The head never sees a request the chair reviews (one about the head), nor one about themself. */
  private maySee(actor: Actor, r: SubjectAccessRequest): boolean {
    if (actor.hasRole(r.schoolId, 'admin') || actor.hasRole(r.schoolId, 'chair_of_governors'))
      return true;
    return (
      actor.hasRole(r.schoolId, 'headteacher') &&
      r.reviewerRole === 'headteacher' &&
      r.personUserId !== actor.userId
    );
  }

  private async visible(
    actor: Actor,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SubjectAccessRequest> {
    if (!isUuid(id)) throw new NotFoundDomainException('Subject access request');
    const row = await em.getRepository(SubjectAccessRequest).findOne({ where: { id } });
    if (!row || !this.maySee(actor, row))
      throw new NotFoundDomainException('Subject access request');
    return row;
  }

  /** The request, for its reviewer (or the chair); never for the person it is about. */
  private async reviewable(
    actor: Actor,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SubjectAccessRequest> {
    const row = await this.visible(actor, id, em);
    if (!this.reviews(actor, row)) throw new NotFoundDomainException('Subject access request');
    return row;
  }

  private reviews(actor: Actor, row: SubjectAccessRequest): boolean {
    const reviewer =
      actor.hasRole(row.schoolId, row.reviewerRole) ||
      actor.hasRole(row.schoolId, 'chair_of_governors');
    return reviewer && row.personUserId !== actor.userId;
  }
}

function summaryOf(row: SubjectAccessExport): SubjectAccessExportSummary {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdById: row.createdById,
    pdfSha256: row.pdfSha256,
    jsonSha256: row.jsonSha256,
    caseCount: row.caseCount,
    flagCount: row.flagCount,
  };
}

/** A refusal about one field, so a form can show it beside that field. */
function onField(field: string, error: DomainException): DomainException {
  error.field = field;
  return error;
}

function answered(): DomainException {
  return new DomainException(409, 'SAR_ALREADY_ANSWERED', 'This request has been answered');
}

function noDraft(): DomainException {
  return new DomainException(
    409,
    'SAR_NO_DRAFT',
    'No export has been drafted for this request yet',
  );
}
