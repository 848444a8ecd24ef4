import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import { PolicyResponse, PublishedPolicyResponse } from './dto/policy.response.js';
import type { ClauseDraft, PolicyApproval } from './policy-codes.js';
import { SchoolsService } from './schools.service.js';
import {
  proposeClauses,
  type PolicyProposal as EngineProposal,
} from './policy-import/clause-proposal.js';
import { proposeClausesFromDocx } from './policy-import/policy-docx.reader.js';
import {
  PolicyImportErrorCode,
  PolicyImportException,
} from './policy-import/policy-import.exception.js';

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface PolicyProposal {
  clauses: {
    code: string;
    title: string;
    text: string;
    modelCode: string | null;
    section: string | null;
  }[];
  codesFrom: 'policy' | 'order';
}

function toProposal(p: EngineProposal): PolicyProposal {
  return {
    codesFrom: p.codesFrom,
    clauses: p.clauses.map(({ code, title, text, modelCode, section }) => ({
      code,
      title,
      text,
      modelCode,
      section,
    })),
  };
}

/** The catalogue as members see it over the API, and publishing it as the school's admin. */
@Injectable()
export class PolicyService {
  constructor(
    private readonly schools: SchoolsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /**
   * The clauses the import engine finds in the school's own text, for the admin to confirm,
   * edit or drop before publishing: nothing is written, and the text is not kept or logged.
   */
  propose(actor: Actor, schoolId: string, text: string): PolicyProposal {
    if (!actor.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    return toProposal(proposeClauses(text));
  }

  /**
   * The same from an uploaded file: a .docx (a zip package, read with mammoth) or plain text in
   * UTF-8. Anything else (a PDF, an old .doc) is refused as not a Word document.
   */
  async proposeFromFile(actor: Actor, schoolId: string, file: Buffer): Promise<PolicyProposal> {
    if (!actor.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    if (file.subarray(0, 4).equals(ZIP_SIGNATURE))
      return toProposal(await proposeClausesFromDocx(file));
    const text = file.toString('utf8');
    if (text.includes('\u0000') || text.includes('\ufffd'))
      throw new PolicyImportException(
        PolicyImportErrorCode.NotDocx,
        'The file is neither a Word document (.docx) nor plain text',
      );
    return toProposal(proposeClauses(text));
  }

  async current(actor: Actor, schoolId: string): Promise<PolicyResponse> {
    const catalogue = await this.schools.policyFor(actor, schoolId);
    return {
      version: catalogue.version,
      clauses: catalogue.clauses.map(({ code, title }) => ({ code, title })),
      approval: catalogue.approval,
    };
  }

  /**
   * A new version, approved: the admin of the school only (anyone else gets the 404 of a school
   * that does not exist). The audit entry holds the numbers, never the clauses' words.
   */
  async publish(
    actor: Actor,
    schoolId: string,
    clauses: readonly ClauseDraft[],
    approval: PolicyApproval,
  ): Promise<PublishedPolicyResponse> {
    if (!actor.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    return this.transactions.run(async (em) => {
      const version = await this.schools.publishPolicy(
        em,
        schoolId,
        clauses,
        actor.userId,
        approval,
      );
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'policy.published',
        targetType: 'policy_version',
        targetId: version.id,
        schoolId,
        detail: {
          version: version.version,
          clauses: version.clauses.length,
          reviewDue: version.reviewDue,
        },
      });
      return {
        version: version.version,
        clauses: version.clauses,
        approval: {
          approvedBy: version.approvedBy!,
          approvedOn: version.approvedOn!,
          reviewDue: version.reviewDue!,
        },
      };
    });
  }
}
