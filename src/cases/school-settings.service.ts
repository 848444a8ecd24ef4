import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import { School } from '../schools/school.entity.js';
import { SchoolSettings } from '../schools/school-settings.entity.js';
import {
  SchoolSettingsDto,
  SchoolSettingsResponse,
  SchoolSettingsValues,
} from './dto/school-settings.dto.js';
import { DEFAULT_RULES, rulesOf } from './school-rules.service.js';

/**
 * The admin's settings for a school's procedures. Changing them is not a change to any case:
 * a case decided under the old rules keeps what was decided (its deadlines and expiry dates
 * were computed then); the audit log keeps each change with the values before and after.
 */
@Injectable()
export class SchoolSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The admin and the head read them; anyone else, or another school's, gets 404. */
  async get(actor: Actor, schoolId: string): Promise<SchoolSettingsResponse> {
    if (!actor.hasRole(schoolId, 'admin') && !actor.hasRole(schoolId, 'headteacher'))
      throw new NotFoundDomainException('School');
    return this.read(schoolId);
  }

  async update(
    actor: Actor,
    schoolId: string,
    dto: SchoolSettingsDto,
  ): Promise<SchoolSettingsResponse> {
    if (!actor.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    const before = await this.read(schoolId);
    const closureDays = [...new Set(dto.closureDays)].sort();
    const retention = {
      retentionConductYears: dto.retentionConductYears ?? before.retentionConductYears,
      retentionOnlineAbuseYears: dto.retentionOnlineAbuseYears ?? before.retentionOnlineAbuseYears,
      retentionPupilBehaviourYears:
        dto.retentionPupilBehaviourYears ?? before.retentionPupilBehaviourYears,
    };
    await this.transactions.run(async (em) => {
      await em
        .getRepository(School)
        .update(
          { id: schoolId },
          { nation: dto.nation, language: dto.language ?? before.language },
        );
      await em.getRepository(SchoolSettings).save({
        schoolId,
        noticeWorkingDays: dto.noticeWorkingDays,
        appealWindowWorkingDays: dto.appealWindowWorkingDays,
        firstWarningMonths: dto.firstWarningMonths,
        finalWarningMonths: dto.finalWarningMonths,
        dismissalByPanel: dto.dismissalByPanel,
        llcPatternMonths: dto.llcPatternMonths,
        closureDays,
        ...retention,
        updatedAt: this.clock.now(),
        updatedById: actor.userId,
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'school.settings_changed',
        targetType: 'school',
        targetId: schoolId,
        schoolId,
        detail: {
          before: { ...settingsOf(before), language: before.language },
          after: {
            ...settingsOf({ ...dto, closureDays, ...retention }),
            language: dto.language ?? before.language,
          },
        },
      });
    });
    return this.read(schoolId);
  }

  private async read(schoolId: string): Promise<SchoolSettingsResponse> {
    const [school, row] = await Promise.all([
      this.dataSource.getRepository(School).findOne({
        where: { id: schoolId },
        select: { id: true, nation: true, language: true },
      }),
      this.dataSource.getRepository(SchoolSettings).findOne({ where: { schoolId } }),
    ]);
    if (!school) throw new NotFoundDomainException('School');
    const rules = row ? rulesOf(school.nation, row) : { ...DEFAULT_RULES, nation: school.nation };
    return {
      schoolId,
      language: school.language,
      ...settingsOf(rules),
      customised: row !== null,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }
}

function settingsOf(s: SchoolSettingsValues): SchoolSettingsValues {
  return {
    nation: s.nation,
    noticeWorkingDays: s.noticeWorkingDays,
    appealWindowWorkingDays: s.appealWindowWorkingDays,
    firstWarningMonths: s.firstWarningMonths,
    finalWarningMonths: s.finalWarningMonths,
    dismissalByPanel: s.dismissalByPanel,
    llcPatternMonths: s.llcPatternMonths,
    closureDays: s.closureDays,
    retentionConductYears: s.retentionConductYears,
    retentionOnlineAbuseYears: s.retentionOnlineAbuseYears,
    retentionPupilBehaviourYears: s.retentionPupilBehaviourYears,
  };
}
