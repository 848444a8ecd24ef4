import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { londonDate } from '../common/clock/london-time.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { CaseEvent, CaseEventKind } from './case-event.entity.js';
import { CasePanelMember } from './case-panel-member.entity.js';
import { CaseRecord } from './case.entity.js';
import { ReminderSent } from './reminder-sent.entity.js';
import { type SchoolRules, SchoolRulesService } from './school-rules.service.js';
import {
  nextDueAt,
  runningClocks,
  type ReferenceLine,
  type RunningClock,
} from './workflow/index.js';

/** Where each line's numbers start: the head's from 1, the DSL's from 7001, the chair's from 9001. */
const REFERENCE_BASE: Record<ReferenceLine, number> = { head: 0, dsl: 7000, chair: 9000 };

export function staleVersion(): DomainException {
  return new DomainException(
    409,
    'CASE_STALE_VERSION',
    'The case was changed by someone else; reload it to see its current state',
  );
}

export interface NewEvent {
  kind: CaseEventKind;
  actorId: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

/** Fields a change may set; `status` among them only when the workflow has decided it. */
export type CaseChanges = Partial<
  Omit<CaseRecord, 'id' | 'schoolId' | 'version' | 'reportedAt' | 'dueAt'>
>;

/**
 * The low-level writes on cases, always inside the caller's transaction. Every change is a
 * conditional update on (id, version) that must touch exactly one row, so two people acting on
 * the same case at once cannot both win.
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly clock: Clock,
    private readonly rules: SchoolRulesService,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * OAK-2026-0007: a sequence per school, (London) year and line of ownership, atomic on both
   * engines. Each line numbers from its own base, so a head paging through her list sees no gap
   * where a report about her was filed, and a DSL none where a case went to the head. A line
   * that ever outgrew its block would meet another's numbers; the unique reference then skips on.
   */
  async allocateReference(
    em: EntityManager,
    school: { id: string; code: string },
    at: Date,
    line: ReferenceLine,
  ): Promise<string> {
    const year = Number(londonDate(at).slice(0, 4));
    const p = this.transactions.isPostgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    for (;;) {
      const rows = (await em.query(
        `INSERT INTO reference_sequence ("schoolId", "year", "line", "last") VALUES (${p[0]}, ${p[1]}, ${p[2]}, 1)
         ON CONFLICT ("schoolId", "year", "line") DO UPDATE SET "last" = reference_sequence."last" + 1
         RETURNING "last"`,
        [school.id, year, line],
      )) as { last: number }[];
      const reference = `${school.code}-${year}-${String(REFERENCE_BASE[line] + rows[0].last).padStart(4, '0')}`;
      if (!(await em.getRepository(CaseRecord).exists({ where: { reference } }))) return reference;
    }
  }

  /**
   * `rules` are the school's, read by the caller before its transaction: on SQLite the open
   * transaction holds the one connection, and reading them inside it held it for two reads more.
   */
  async insert(em: EntityManager, record: CaseRecord, rules: SchoolRules): Promise<void> {
    record.dueAt = nextDueAt(record, this.rules.calendarFor(rules), rules.appealWindowWorkingDays);
    await em.getRepository(CaseRecord).insert(record);
  }

  async appendEvent(em: EntityManager, caseId: string, event: NewEvent): Promise<CaseEvent> {
    return (await this.appendEvents(em, caseId, [event]))[0];
  }

  /** Several events in order, numbered after the case's last one, in one insert. */
  async appendEvents(em: EntityManager, caseId: string, events: NewEvent[]): Promise<CaseEvent[]> {
    if (events.length === 0) return [];
    const last = await em
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .select('MAX(e.seq)', 'max')
      .where('e.caseId = :caseId', { caseId })
      .getRawOne<{ max: number | null }>();
    return this.insertEvents(em, caseId, Number(last?.max ?? 0), events);
  }

  /** The first events of a case inserted in the same transaction: numbered from 1, unread. */
  async startTimeline(em: EntityManager, caseId: string, events: NewEvent[]): Promise<CaseEvent[]> {
    return this.insertEvents(em, caseId, 0, events);
  }

  private async insertEvents(
    em: EntityManager,
    caseId: string,
    lastSeq: number,
    events: NewEvent[],
  ): Promise<CaseEvent[]> {
    const at = this.clock.now();
    const entries = events.map((event, i) =>
      Object.assign(new CaseEvent(), {
        id: randomUUID(),
        caseId,
        seq: lastSeq + 1 + i,
        at,
        actorId: event.actorId,
        kind: event.kind,
        fromStatus: event.fromStatus ?? null,
        toStatus: event.toStatus ?? null,
        note: event.note ?? null,
        data: event.data ? JSON.stringify(event.data) : null,
      }),
    );
    await em.getRepository(CaseEvent).insert(entries);
    return entries;
  }

  /**
   * Applies changes if the case is still at `expectedVersion`; recomputes the deadline and bumps
   * the version. Throws 409 CASE_STALE_VERSION when someone else changed the case first. A
   * deadline this change meets after it had passed is kept on the case as met late.
   */
  async update(
    em: EntityManager,
    current: CaseRecord,
    expectedVersion: number,
    changes: CaseChanges,
  ): Promise<CaseRecord> {
    const next = Object.assign(new CaseRecord(), current, changes, {
      version: expectedVersion + 1,
    });
    const rules = await this.rules.rulesFor(current.schoolId, em);
    const calendar = this.rules.calendarFor(rules);
    next.dueAt = nextDueAt(next, calendar, rules.appealWindowWorkingDays);
    const set: Partial<CaseRecord> = { ...changes, version: next.version, dueAt: next.dueAt };
    const result = await em
      .createQueryBuilder()
      .update(CaseRecord)
      .set(set)
      .where('id = :id AND version = :version', { id: current.id, version: expectedVersion })
      .execute();
    if (result.affected !== 1) throw staleVersion();
    const now = this.clock.now();
    const after = new Set(
      runningClocks(next, calendar, rules.appealWindowWorkingDays).map(clockKey),
    );
    const metLate = runningClocks(current, calendar, rules.appealWindowWorkingDays).filter(
      (k) => !k.window && k.dueAt < now && !after.has(clockKey(k)),
    );
    for (const clock of metLate) {
      await this.recordMissed(em, current.id, clock, null);
      await this.recordMissed(em, current.id, clock, now);
    }
    return next;
  }

  /**
   * Keeps a missed deadline on the case's timeline, once per deadline: "missed" when it passes
   * (or is met late), "met late" when it is met after passing. Lateness stays after closing.
   */
  async recordMissed(
    em: EntityManager,
    caseId: string,
    clock: RunningClock,
    metAt: Date | null,
  ): Promise<boolean> {
    const key = `${metAt ? 'met' : 'missed'}:${clock.kind}`;
    const repo = em.getRepository(ReminderSent);
    const claim = { caseId, clock: key, dueAt: clock.dueAt.toISOString() };
    if (await repo.exists({ where: claim })) return false;
    await repo.insert({ ...claim, sentAt: this.clock.now() });
    await this.appendEvent(em, caseId, {
      kind: metAt ? 'deadline_met_late' : 'deadline_missed',
      actorId: null,
      data: {
        clock: clock.kind,
        dueAt: clock.dueAt.toISOString(),
        ...(metAt ? { metAt: metAt.toISOString() } : {}),
      },
    });
    return true;
  }

  /** Ends the sitting panel of a case (its appeal was decided or withdrawn). */
  async endPanel(em: EntityManager, caseId: string, at: Date): Promise<void> {
    await em
      .getRepository(CasePanelMember)
      .createQueryBuilder()
      .update()
      .set({ endedAt: at })
      .where('caseId = :caseId AND endedAt IS NULL', { caseId })
      .execute();
  }
}

const clockKey = (k: RunningClock) => `${k.kind}@${k.dueAt.toISOString()}`;
