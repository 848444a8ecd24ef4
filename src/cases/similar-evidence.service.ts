import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor } from '../common/actor.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import { CasesService } from './cases.service.js';
import { SimilarEvidenceResponse } from './dto/case-detail.response.js';
import { CaseRecord } from './case.entity.js';
import { EvidenceItem } from './evidence-item.entity.js';
import { EvidenceText } from './evidence-text.entity.js';
import { looksAlike, mayLookAlike } from './similar-evidence.js';

interface ReadImage {
  evidenceId: string;
  caseId: string;
  sha256: string;
  perceptualHash: string;
  text: string;
}

/**
 * "Looks like evidence in OAK-2026-0012": ten staff often report the same post. For a case's
 * owner and HR, the other cases at the same school holding a copy of one of its screenshots,
 * among the cases they may already open; never another school's, never one they cannot see.
 * A school holds hundreds of images, so they are compared in memory by hash, and only the close
 * ones have their text read.
 */
@Injectable()
export class SimilarEvidenceService {
  constructor(
    private readonly cases: CasesService,
    private readonly dataSource: DataSource,
  ) {}

  async forCase(actor: Actor, caseId: string): Promise<SimilarEvidenceResponse> {
    const { record, relation } = await this.cases.findVisible(actor, caseId);
    if (!relation.isOwner && !relation.isHr) throw new NotFoundDomainException('Case');
    return this.forVisibleCase(actor, record);
  }

  /** For a case the caller has already been found to own or advise on (the case page). */
  async forVisibleCase(
    actor: Actor,
    record: Pick<CaseRecord, 'id' | 'schoolId'>,
  ): Promise<SimilarEvidenceResponse> {
    const mine = await this.readImages(record.schoolId, { caseId: record.id });
    if (mine.length === 0) return { items: [] };
    // The school's other images by hash only; the text of the few close enough is read after.
    const others = (await this.readImages(record.schoolId, { exceptCaseId: record.id })).filter(
      (o) =>
        mine.some((m) => m.sha256 === o.sha256 || mayLookAlike(m.perceptualHash, o.perceptualHash)),
    );
    const texts = await this.textsOf(others.map((o) => o.sha256));
    const matches = others.flatMap((other) =>
      mine
        .filter(
          (m) =>
            m.sha256 === other.sha256 ||
            looksAlike(m, {
              perceptualHash: other.perceptualHash,
              text: texts.get(other.sha256) ?? '',
            }),
        )
        .map((m) => ({ evidenceId: m.evidenceId, other })),
    );
    const visible = new Map(
      (
        await this.cases.ownedOrAdvisedAmong(actor, [
          ...new Set(matches.map((x) => x.other.caseId)),
        ])
      ).map((c) => [c.id, c.reference]),
    );
    return {
      items: matches
        .filter((x) => visible.has(x.other.caseId))
        .map((x) => ({
          evidenceId: x.evidenceId,
          otherCaseId: x.other.caseId,
          otherReference: visible.get(x.other.caseId)!,
          otherEvidenceId: x.other.evidenceId,
        })),
    };
  }

  /** A school's read images: one case's with their text, or every other case's hash only. */
  private readImages(
    schoolId: string,
    which: { caseId: string } | { exceptCaseId: string },
  ): Promise<ReadImage[]> {
    const qb = this.dataSource
      .getRepository(EvidenceItem)
      .createQueryBuilder('ei')
      .innerJoin(EvidenceText, 'et', 'et.sha256 = ei.sha256')
      .innerJoin(CaseRecord, 'c', 'c.id = ei.caseId')
      .select('ei.id', 'evidenceId')
      .addSelect('ei.caseId', 'caseId')
      .addSelect('ei.sha256', 'sha256')
      .addSelect('et.perceptualHash', 'perceptualHash')
      .where('c.schoolId = :schoolId', { schoolId })
      .andWhere('et.perceptualHash IS NOT NULL');
    if ('caseId' in which)
      return qb.addSelect('et.text', 'text').andWhere('ei.caseId = :caseId', which).getRawMany();
    return qb
      .addSelect("''", 'text')
      .andWhere('ei.caseId <> :exceptCaseId', which)
      .getRawMany<ReadImage>();
  }

  private async textsOf(hashes: string[]): Promise<Map<string, string>> {
    if (hashes.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(EvidenceText)
      .find({ where: { sha256: In([...new Set(hashes)]) }, select: { sha256: true, text: true } });
    return new Map(rows.map((r) => [r.sha256, r.text]));
  }
}
