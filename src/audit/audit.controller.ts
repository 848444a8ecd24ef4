import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { AuditService } from './audit.service.js';
import { AuditVerdictResponse, VerifyAuditQuery } from './dto/verify-audit.dto.js';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Walk the audit log's hash chain, optionally from an anchor kept elsewhere */
  @Get('verify')
  @Roles('headteacher', 'admin')
  @ApiErrors(400)
  verify(@Query() query: VerifyAuditQuery): Promise<AuditVerdictResponse> {
    return this.audit.verify(
      query.anchorSeq && query.anchorHash
        ? { seq: query.anchorSeq, hash: query.anchorHash }
        : undefined,
    );
  }
}
