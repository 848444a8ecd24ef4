import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import { CaseEvent } from './case-event.entity.js';
import { CaseRecord } from './case.entity.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/language.js';
import { termlyFigures, type SchoolTerm, type TermlyFigures } from './termly-figures.js';

/** Reads what a school's termly figures need: the cases open at some point in the term. */
@Injectable()
export class TermlyFiguresService {
  constructor(private readonly dataSource: DataSource) {}

  async forSchool(
    schoolId: string,
    term: SchoolTerm,
    lang: Language = DEFAULT_LANGUAGE,
  ): Promise<TermlyFigures> {
    const records = await this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .select([
        'c.id',
        'c.classification',
        'c.subjectRelationship',
        'c.reportedAt',
        'c.decidedAt',
        'c.closedAt',
        'c.finding',
        'c.response',
      ])
      .where('c.schoolId = :schoolId AND c.reportedAt < :ends', {
        schoolId,
        ends: term.ends.toISOString(),
      })
      // A report merged into another case is that case (issue 21): counted once, there.
      .andWhere('c.mergedIntoCaseId IS NULL')
      .andWhere(
        new Brackets((q) =>
          q
            .where('c.closedAt IS NULL')
            .orWhere('c.closedAt >= :starts', { starts: term.starts.toISOString() }),
        ),
      )
      .getMany();
    const events = records.length
      ? await this.dataSource.getRepository(CaseEvent).find({
          select: { caseId: true, kind: true, at: true, toStatus: true, data: true },
          where: {
            caseId: In(records.map((r) => r.id)),
            kind: In(['transition', 'referral', 'deadline_missed', 'concern_pattern']),
          },
        })
      : [];
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    return termlyFigures(
      term,
      records.map((record) => ({ record, events: byCase.get(record.id) ?? [] })),
      lang,
    );
  }
}
