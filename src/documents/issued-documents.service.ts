import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditService, RETENTION_TOMBSTONE } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { UsersService } from '../users/users.service.js';
import { Translator } from '../platform/i18n/translator.js';
import type { VerdictVariant } from './dto/case-file.query.js';
import { DocumentVariant, IssuedDocument } from './issued-document.entity.js';
import { IssuedReport } from './issued-report.entity.js';
import { SubjectAccessExport } from './subject-access-export.entity.js';

export interface DocumentVerdict {
  genuine: boolean;
  caseReference?: string;
  variant?: VerdictVariant;
  term?: string;
  schoolCode?: string;
  generatedAt?: string;
  generatedBy?: string;
  /** The case was deleted under its retention schedule since: the document was genuine. */
  deletedUnderRetentionAt?: string;
}

export interface IssuedDocumentInput {
  sha256: string;
  caseId: string;
  schoolId: string;
  reference: string;
  variant: DocumentVariant;
  generatedAt: Date;
  generatedById: string;
}

/** The register of PDFs handed out, by hash, and the answer to "did this system produce it?". */
@Injectable()
export class IssuedDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly translator: Translator,
  ) {}

  /** The register row and the audit entry commit together, before the bytes leave. */
  async record(doc: IssuedDocumentInput): Promise<void> {
    await this.transactions.run(async (em) => {
      await em.getRepository(IssuedDocument).insert({ id: randomUUID(), ...doc });
      await this.audit.append(em, {
        actorId: doc.generatedById,
        action: 'document.downloaded',
        targetType: 'case',
        targetId: doc.caseId,
        schoolId: doc.schoolId,
        detail: { variant: doc.variant, sha256: doc.sha256 },
      });
    });
  }

  /**
   * Answers only about the caller's own schools: for anyone else's document the answer is the
   * same as for a forgery, so the check reveals nothing about other schools' cases.
   */
  async verify(actor: Actor, sha256: string): Promise<DocumentVerdict> {
    const schools = [
      ...new Set([
        ...actor.schoolsWhere('headteacher'),
        ...actor.schoolsWhere('dsl'),
        ...actor.schoolsWhere('chair_of_governors'),
        ...actor.schoolsWhere('hr'),
      ]),
    ];
    if (schools.length === 0) return { genuine: false };
    // Who made it, as the caller reads: "unknown user" in their language for a name now gone.
    const unknown = this.translator.t('caseFile.value.unknownUser', actor.language);
    const doc = await this.dataSource.getRepository(IssuedDocument).findOne({
      where: { sha256: sha256.toLowerCase(), schoolId: In(schools) },
      order: { generatedAt: 'ASC' },
    });
    if (!doc) {
      const deleted = await this.deletedVerdict(sha256.toLowerCase(), schools);
      if (deleted.genuine) return deleted;
      const report = await this.verifyReport(actor, sha256.toLowerCase(), schools, unknown);
      return report.genuine ? report : this.verifyExport(sha256.toLowerCase(), schools, unknown);
    }
    const names = await this.users.namesOf([doc.generatedById]);
    return {
      genuine: true,
      caseReference: doc.reference,
      variant: doc.variant,
      generatedAt: doc.generatedAt.toISOString(),
      generatedBy: names.get(doc.generatedById) ?? unknown,
    };
  }

  /** The termly governors' reports, under the same rule: the caller's own schools only. */
  private async verifyReport(
    actor: Actor,
    sha256: string,
    schools: string[],
    unknown: string,
  ): Promise<DocumentVerdict> {
    const report = await this.dataSource.getRepository(IssuedReport).findOne({
      where: { sha256, schoolId: In(schools) },
      order: { generatedAt: 'ASC' },
    });
    if (!report) return { genuine: false };
    const names = await this.users.namesOf([report.generatedById]);
    return {
      genuine: true,
      variant: 'termly_report',
      term: report.term,
      schoolCode: actor.memberships.find((m) => m.schoolId === report.schoolId)?.schoolCode,
      generatedAt: report.generatedAt.toISOString(),
      generatedBy: names.get(report.generatedById) ?? unknown,
    };
  }

  /**
   * A subject access export (records/ drafts them): genuine, when and by whom only. Nothing
   * of whom it is about, so asking about a request one may not see reveals no more than a hash.
   */
  private async verifyExport(
    sha256: string,
    schools: string[],
    unknown: string,
  ): Promise<DocumentVerdict> {
    const row = await this.dataSource.getRepository(SubjectAccessExport).findOne({
      where: { pdfSha256: sha256, schoolId: In(schools) },
      select: { id: true, createdAt: true, createdById: true },
    });
    if (!row) return { genuine: false };
    const names = await this.users.namesOf([row.createdById]);
    return {
      genuine: true,
      variant: 'subject_access_export',
      generatedAt: row.createdAt.toISOString(),
      generatedBy: names.get(row.createdById) ?? unknown,
    };
  }

  /** A termly report's register row and audit entry, committed before the bytes leave. */
  async recordReport(report: Omit<IssuedReport, 'id'>): Promise<void> {
    await this.transactions.run(async (em) => {
      await em.getRepository(IssuedReport).insert({ id: randomUUID(), ...report });
      await this.audit.append(em, {
        actorId: report.generatedById,
        action: 'termly_report.downloaded',
        targetType: 'school',
        targetId: report.schoolId,
        schoolId: report.schoolId,
        detail: { term: report.term, sha256: report.sha256 },
      });
    });
  }

  /**
   * A document of a case deleted under retention: its register row went with the case, but the
   * tombstone in the audit log keeps each issued PDF's hash, so a printed copy still proves
   * genuine, and the answer says the case has since been deleted.
   */
  private async deletedVerdict(sha256: string, schools: string[]): Promise<DocumentVerdict> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return { genuine: false };
    const tombstones = await this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.action = :action', { action: RETENTION_TOMBSTONE })
      .andWhere('a.schoolId IN (:...schools)', { schools })
      .andWhere('a.detail LIKE :hash', { hash: `%${sha256}%` })
      .getMany();
    for (const t of tombstones) {
      const detail = JSON.parse(t.detail) as {
        reference: string;
        documents?: { variant: DocumentVariant; sha256: string }[];
      };
      const doc = detail.documents?.find((d) => d.sha256 === sha256);
      if (doc)
        return {
          genuine: true,
          caseReference: detail.reference,
          variant: doc.variant,
          deletedUnderRetentionAt: t.at.toISOString(),
        };
    }
    return { genuine: false };
  }
}
