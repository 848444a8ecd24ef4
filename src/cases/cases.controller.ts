import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { CASE_READER_ROLES } from './case-roles.js';
import { CasesService } from './cases.service.js';
import { CaseDetailResponse, CaseListResponse } from './dto/case-detail.response.js';
import { ListCasesQuery } from './dto/list-cases.query.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiOkResponse({ type: CaseListResponse })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery): Promise<CaseListResponse> {
    return this.cases.list(actor, query);
  }

  @Get(':id')
  @Roles(...CASE_READER_ROLES)
  @ApiOkResponse({ type: CaseDetailResponse })
  detail(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDetailResponse> {
    return this.cases.detail(actor, id);
  }
}
