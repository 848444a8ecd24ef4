import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators/access.decorators.js';
import { AuditService, ChainVerdict } from './audit.service.js';
import { VerifyAuditQuery } from './dto/verify-audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Roles('headteacher', 'admin')
  @ApiOkResponse({ schema: { example: { ok: true, entries: 42 } } })
  verify(@Query() query: VerifyAuditQuery): Promise<ChainVerdict> {
    return this.audit.verify(
      query.anchorSeq && query.anchorHash
        ? { seq: query.anchorSeq, hash: query.anchorHash }
        : undefined,
    );
  }
}
