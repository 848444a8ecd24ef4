import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { WorkingDayCalendar } from '../common/clock/working-days.js';
import { AppConfig } from '../config/app-config.js';
import { SchoolSettings } from '../schools/school-settings.entity.js';
import { School } from '../schools/school.entity.js';
import { DEFAULT_POLICY, type Nation, type WorkflowPolicy } from './workflow/index.js';

/** A school's procedural rules as the workflow reads them, with what else the clocks need. */
export interface SchoolRules extends WorkflowPolicy {
  llcPatternMonths: number;
  closureDays: string[];
}

export const DEFAULT_RULES: SchoolRules = Object.freeze({
  ...DEFAULT_POLICY,
  llcPatternMonths: 12,
  closureDays: [] as string[],
});

/** Each school's nation and procedural settings as the workflow reads them, and its calendar. */
@Injectable()
export class SchoolRulesService {
  private readonly calendars = new Map<string, WorkingDayCalendar>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async rulesFor(
    schoolId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SchoolRules> {
    const [school, settings] = await Promise.all([
      em
        .getRepository(School)
        .findOne({ where: { id: schoolId }, select: { id: true, nation: true } }),
      em.getRepository(SchoolSettings).findOne({ where: { schoolId } }),
    ]);
    return rulesOf(school?.nation ?? 'england', settings);
  }

  /** The school's calendar: weekends, its nation's bank holidays, its own and the deployment's closures. */
  calendarFor(rules: Pick<SchoolRules, 'nation' | 'closureDays'>): WorkingDayCalendar {
    const closures = [...new Set([...rules.closureDays, ...this.config.extraBankHolidays])].sort();
    const key = `${rules.nation}:${closures.join(',')}`;
    let calendar = this.calendars.get(key);
    if (!calendar) {
      calendar = new WorkingDayCalendar(rules.nation, closures);
      this.calendars.set(key, calendar);
    }
    return calendar;
  }
}

export function rulesOf(nation: Nation, settings: SchoolSettings | null): SchoolRules {
  if (!settings) return { ...DEFAULT_RULES, nation };
  return {
    nation,
    noticeWorkingDays: settings.noticeWorkingDays,
    appealWindowWorkingDays: settings.appealWindowWorkingDays,
    firstWarningMonths: settings.firstWarningMonths,
    finalWarningMonths: settings.finalWarningMonths,
    dismissalByPanel: settings.dismissalByPanel,
    llcPatternMonths: settings.llcPatternMonths,
    closureDays: settings.closureDays,
    retentionConductYears: settings.retentionConductYears,
    retentionOnlineAbuseYears: settings.retentionOnlineAbuseYears,
    retentionPupilBehaviourYears: settings.retentionPupilBehaviourYears,
  };
}
