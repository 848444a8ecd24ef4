import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditVerdictResponse, VerifyAuditQuery } from '../audit/dto/verify-audit.dto.js';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { AuditFiguresService } from './audit-figures.service.js';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditVerificationController {
  constructor(private readonly figures: AuditFiguresService) {}

  /** Walk the audit log's hash chain, counting the caller's own school's entries */
  @Get('verify')
  @Roles('headteacher', 'admin')
  @ApiErrors(400)
  verify(
    @CurrentActor() actor: Actor,
    @Query() query: VerifyAuditQuery,
  ): Promise<AuditVerdictResponse> {
    return this.figures.verify(
      actor,
      query.anchorSeq && query.anchorHash
        ? { seq: query.anchorSeq, hash: query.anchorHash }
        : undefined,
    );
  }
}
