import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { LowLevelConcerns, type ConcernGroup } from './low-level-concerns.js';

class ConcernEntryResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) response!: string | null;
}

class ConcernSubjectResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId!: string | null;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() relationship!: string;
}

class ConcernGroupResponse {
  @ApiProperty({ type: ConcernSubjectResponse }) subject!: ConcernSubjectResponse;
  @ApiProperty({ type: [ConcernEntryResponse] }) concerns!: ConcernEntryResponse[];
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/schools/:schoolId/low-level-concerns')
export class LowLevelConcernsController {
  constructor(private readonly concerns: LowLevelConcerns) {}

  /** The low-level-concern register: every concern about one adult, together. */
  @Get()
  @Roles('headteacher', 'dsl')
  @ApiOkResponse({ type: [ConcernGroupResponse] })
  register(
    @CurrentActor() actor: Actor,
    @Param('schoolId') schoolId: string,
  ): Promise<ConcernGroup[]> {
    return this.concerns.register(actor, schoolId);
  }
}
