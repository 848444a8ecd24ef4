import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import { CaseRecord, UNDECIDED } from '../cases/case.entity.js';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import { CasesService } from '../cases/cases.service.js';
import { SchoolRulesService } from '../cases/school-rules.service.js';
import { CaseWriter } from '../cases/case-writer.js';
import { CaseNotices } from '../cases/case-notices.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import type { UploadedFile } from '../platform/uploads/multipart-reader.js';
import { Notice, NotificationsService } from '../notifications/notifications.service.js';
import { SchoolsService } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { routeReport } from './case-routing.js';
import { parseInstant } from '../common/clock/parse-instant.js';
import { CreateReportDto } from './dto/create-report.dto.js';

/** A little slack for a phone whose clock runs slightly ahead. */
const FUTURE_TOLERANCE_MS = 2 * 60 * 1000;

/**
 * The front door: a report arrives whole or not at all. Fields, clauses and files are checked
 * before anything is written. The files then move into the store, and the case, its timeline,
 * its evidence rows, the audit entry and the in-app notices commit together (if they cannot, the
 * files are taken out again); mail goes out after.
 */
@Injectable()
export class ReportIntakeService {
  private readonly logger = new Logger(ReportIntakeService.name);

  constructor(
    private readonly evidence: EvidenceService,
    private readonly schools: SchoolsService,
    private readonly users: UsersService,
    private readonly writer: CaseWriter,
    private readonly cases: CasesService,
    private readonly notifications: NotificationsService,
    private readonly notices: CaseNotices,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly schoolRules: SchoolRulesService,
  ) {}

  /** `files` are in the store's tmp/; the caller removes what this did not commit. */
  async file(
    actor: Actor,
    dto: CreateReportDto,
    files: UploadedFile[],
    options: { requireAboutHeadteacher?: boolean } = {},
  ): Promise<CaseDetailResponse> {
    try {
      const { record, events, items, policyVersion } = await this.create(
        actor,
        dto,
        files,
        options,
      );
      // Answered from what was just written, not read back: the reporter sees their own view.
      return this.cases.present(actor, record, events, items, {
        names: new Map([[record.reporterId, actor.name]]),
        policyVersions: new Map([[record.policyVersionId, policyVersion]]),
      });
    } catch (error) {
      if (error instanceof DomainException) error.formValues ??= { ...dto };
      throw error;
    }
  }

  private async create(
    actor: Actor,
    dto: CreateReportDto,
    files: UploadedFile[],
    options: { requireAboutHeadteacher?: boolean },
  ) {
    const now = this.clock.now();
    // The caller's membership names the school and its code; no one files for a school not theirs.
    const membership = actor.memberships.find((m) => m.schoolId === dto.schoolId);
    if (!membership) throw new NotFoundDomainException('School');
    const school = { id: membership.schoolId, code: membership.schoolCode };
    const catalogue = await this.schools.currentPolicy(school.id);
    if (!catalogue)
      throw new DomainException(409, 'POLICY_MISSING', 'The school has no policy catalogue yet');

    const problems: string[] = [];
    if (options.requireAboutHeadteacher && !dto.aboutHeadteacher)
      problems.push('aboutHeadteacher must be answered: is this about the headteacher?');
    const occurredAt = parseInstant(dto.occurredAt);
    if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      problems.push('occurredAt must not be in the future');
    const clauseCodes = [...new Set((dto.clauseCodes ?? []).map((c) => c.toUpperCase()))];
    const known = new Set(catalogue.clauses.map((c) => c.code));
    const unknown = clauseCodes.filter((c) => !known.has(c));
    if (unknown.length > 0)
      problems.push(`clauseCodes not in the school's current policy: ${unknown.join(', ')}`);
    if (dto.type === 'policy_breach' && clauseCodes.length === 0) {
      problems.push('clauseCodes must name at least one clause for a policy_breach');
    }
    if (dto.indecentImagesOfChildren && files.length > 0) {
      problems.push(
        'files must not be attached when indecentImagesOfChildren is true: never copy or upload such images; describe them and give the link',
      );
    }
    if (dto.subjectUserId && !(await this.users.isMember(dto.subjectUserId, school.id))) {
      problems.push('subjectUserId must be a person at the same school');
    }
    problems.push(...this.evidence.checkCapturedAt(dto.evidenceCapturedAt, files.length, now));
    if (problems.length > 0) throw new DomainException(400, 'REPORT_INVALID', problems);

    const holders = await this.users.holdersByRole(school.id, [
      'headteacher',
      'dsl',
      'chair_of_governors',
      'admin',
    ]);
    const admins = holders.get('admin')!;
    const route = routeReport(
      {
        aboutHeadteacher: dto.aboutHeadteacher ?? 'no',
        subjectRelationship: dto.subjectRelationship,
        subjectUserId: dto.subjectUserId ?? null,
      },
      {
        heads: holders.get('headteacher')!,
        dsls: holders.get('dsl')!,
        chairs: holders.get('chair_of_governors')!,
      },
    );

    // Read before the transaction, which on SQLite holds the one connection while it is open.
    const rules = await this.schoolRules.rulesFor(school.id);
    const notices: Notice[] = [];
    const written = await this.evidence.withStoredFiles(files, (confirmFiles) =>
      this.transactions.run(async (em) => {
        const c = Object.assign(new CaseRecord(), {
          id: randomUUID(),
          schoolId: school.id,
          reference: await this.writer.allocateReference(em, school, now, route.line),
          type: dto.type,
          status: 'reported' as const,
          version: 1,
          policyVersionId: catalogue.policyVersionId,
          clauseCodes,
          description: dto.description,
          occurredAt,
          reportedAt: now,
          // Indecent images of children always mean a child may be at risk.
          safeguarding: Boolean(dto.safeguarding || dto.indecentImagesOfChildren),
          confidentialReporter: Boolean(dto.confidentialReporter),
          indecentImages: Boolean(dto.indecentImagesOfChildren),
          platform: dto.platform,
          postUrl: dto.postUrl ?? null,
          subjectName: dto.subjectName?.trim() || null,
          subjectRelationship: dto.subjectRelationship,
          subjectUserId: dto.subjectUserId ?? null,
          reporterId: actor.userId,
          aboutHeadteacher: dto.aboutHeadteacher ?? 'no',
          headExcluded: route.headExcluded,
          ownerRole: route.ownerRole,
          ownerUserId: route.owner?.id ?? null,
          referenceLine: route.line,
          ...UNDECIDED,
          // The investigation is reviewed from the report until it is triaged.
          statusEnteredAt: now,
        });
        await this.writer.insert(em, c, rules);
        const items = await this.evidence.insertItems(em, c, actor, files, {
          platform: dto.platform,
          postUrl: dto.postUrl ?? null,
          capturedAt: dto.evidenceCapturedAt ?? [],
        });
        const events = await this.writer.startTimeline(em, c.id, [
          {
            kind: 'reported',
            actorId: actor.userId,
            toStatus: 'reported',
            data: { ownerRole: c.ownerRole, indecentImagesOfChildren: c.indecentImages },
          },
          ...this.evidence.addedEvents(items, actor),
        ]);
        await this.audit.append(em, {
          actorId: actor.userId,
          action: 'case.reported',
          targetType: 'case',
          targetId: c.id,
          schoolId: school.id,
          detail: {
            reference: c.reference,
            ownerRole: c.ownerRole,
            evidence: items.map((i) => ({ id: i.id, sha256: i.sha256 })),
          },
        });
        // The owner's mail says when the first clock (triage, or the LADO's) needs action by.
        const deadline = route.owner ? await this.notices.ownerClock(c, rules) : undefined;
        notices.push(
          ...(route.owner
            ? [
                {
                  userId: route.owner.id,
                  kind: 'case_assigned' as const,
                  schoolId: school.id,
                  caseId: c.id,
                  ...(deadline ? { deadline } : {}),
                },
              ]
            : []),
          {
            userId: actor.userId,
            kind: 'report_acknowledged',
            schoolId: school.id,
            caseId: c.id,
            reference: c.reference,
          },
        );
        if (!route.owner) {
          notices.push(
            ...admins.map((a) => ({
              userId: a.id,
              kind: 'no_owner_warning' as const,
              schoolId: school.id,
            })),
          );
        }
        await this.notifications.record(em, notices);
        await confirmFiles(em);
        return { record: c, events, items, policyVersion: catalogue.version };
      }),
    );
    if (!route.owner) {
      this.logger.warn(
        `case ${written.record.id} at school ${school.id} has no ${route.ownerRole}; admins warned`,
      );
    }
    return written;
  }
}
