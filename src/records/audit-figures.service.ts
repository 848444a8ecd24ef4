import { Injectable } from '@nestjs/common';
import { AuditAnchor, AuditService, ChainVerdict } from '../audit/audit.service.js';
import { CaseAccessRule } from '../cases/case-access.js';
import { Actor } from '../common/actor.js';

/**
 * Audit verification as a head or an admin may see it: the whole chain is checked, but the
 * count is their own school's, without the entries of cases they may not see. One school cannot
 * watch another's activity, and a head cannot watch a case about her being worked on.
 */
@Injectable()
export class AuditFiguresService {
  constructor(private readonly audit: AuditService) {}

  verify(actor: Actor, anchor?: AuditAnchor): Promise<ChainVerdict> {
    const schools = [...actor.schoolsWhere('headteacher'), ...actor.schoolsWhere('admin')];
    const rule = new CaseAccessRule(actor);
    return this.audit.verify(anchor, (qb) => {
      qb.andWhere('a.schoolId IN (:...auditSchools)', { auditSchools: schools })
        .andWhere(
          `(a.targetType IS NULL OR a.targetType <> 'case' OR a.targetId IN
            (SELECT c."id" FROM case_record c WHERE ${rule.visible}))`,
        )
        .setParameters(rule.params);
    });
  }
}
