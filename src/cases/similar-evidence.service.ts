import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import { CasesService } from './cases.service.js';
import { SimilarEvidenceResponse } from './dto/case-detail.response.js';
import { CaseRecord } from './case.entity.js';
import { EvidenceItem } from './evidence-item.entity.js';
import { EvidenceText } from './evidence-text.entity.js';
import { looksAlike } from './similar-evidence.js';

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
    // A school's images are hundreds, not millions: compared here rather than indexed.
    const images = await this.dataSource
      .getRepository(EvidenceItem)
      .createQueryBuilder('ei')
      .innerJoin(EvidenceText, 'et', 'et.sha256 = ei.sha256')
      .innerJoin(CaseRecord, 'c', 'c.id = ei.caseId')
      .select('ei.id', 'evidenceId')
      .addSelect('ei.caseId', 'caseId')
      .addSelect('ei.sha256', 'sha256')
      .addSelect('et.perceptualHash', 'perceptualHash')
      .addSelect('et.text', 'text')
      .where('c.schoolId = :schoolId', { schoolId: record.schoolId })
      .andWhere('et.perceptualHash IS NOT NULL')
      .getRawMany<ReadImage>();
    const mine = images.filter((i) => i.caseId === caseId);
    const matches = images
      .filter((other) => other.caseId !== caseId)
      .flatMap((other) =>
        mine
          .filter((m) => m.sha256 === other.sha256 || looksAlike(m, other))
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
}
