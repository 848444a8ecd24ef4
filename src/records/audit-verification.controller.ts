import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ChainVerdict } from '../audit/audit.service.js';
import { VerifyAuditQuery } from '../audit/dto/verify-audit.dto.js';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { AuditFiguresService } from './audit-figures.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditVerificationController {
  constructor(private readonly figures: AuditFiguresService) {}

  @Get('verify')
  @Roles('headteacher', 'admin')
  @ApiOkResponse({ schema: { example: { ok: true, entries: 42 } } })
  verify(@CurrentActor() actor: Actor, @Query() query: VerifyAuditQuery): Promise<ChainVerdict> {
    return this.figures.verify(
      actor,
      query.anchorSeq && query.anchorHash
        ? { seq: query.anchorSeq, hash: query.anchorHash }
        : undefined,
    );
  }
}
