import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { londonDate } from '../common/clock/london-time.js';
import { CaseRecord } from './case.entity.js';

export interface SchoolYearFigures {
  schoolId: string;
  label: string;
  decided: number;
  byClassification: Record<string, number>;
  byClause: Record<string, number>;
  byFinding: Record<string, number>;
  /** Days from report to outcome, for each decided case. */
  daysToOutcome: number[];
}

/** Figures about decided cases for the school year (1 September to 31 August, London dates). */
@Injectable()
export class CaseStatisticsService {
  constructor(private readonly dataSource: DataSource) {}

  async schoolYear(schoolId: string, now: Date): Promise<SchoolYearFigures> {
    const today = londonDate(now);
    const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 9 ? 1 : 0);
    const from = `${year}-09-01`;
    const to = `${year + 1}-09-01`;
    const cases = await this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .select([
        'c.id',
        'c.classification',
        'c.clauseCodes',
        'c.finding',
        'c.reportedAt',
        'c.decidedAt',
      ])
      .where('c.schoolId = :schoolId AND c.decidedAt IS NOT NULL', { schoolId })
      .andWhere('c.decidedAt >= :from AND c.decidedAt < :to', { from, to })
      .getMany();
    const count = (keys: (string | null)[]) =>
      keys
        .filter((k): k is string => Boolean(k))
        .reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
    return {
      schoolId,
      label: `${year}–${String((year + 1) % 100).padStart(2, '0')}`,
      decided: cases.length,
      byClassification: count(cases.map((c) => c.classification)),
      byClause: count(cases.flatMap((c) => c.clauseCodes)),
      byFinding: count(cases.map((c) => c.finding)),
      daysToOutcome: cases.map(
        (c) => (c.decidedAt!.getTime() - c.reportedAt.getTime()) / 86_400_000,
      ),
    };
  }
}
