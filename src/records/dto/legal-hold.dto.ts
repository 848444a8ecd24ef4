import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

const instant = { type: String, format: 'date-time' } as const;

/** POST /cases/:id/legal-holds and .../lift: why the hold is placed, or lifted. */
export class LegalHoldReasonDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 1000,
    description: 'the inquiry, tribunal or litigation and its reference; or why it is over',
  })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

/** A hold as the owner and the school's admin see it: ids, dates and the reasons given. */
export class LegalHoldResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) placedById!: string;
  @ApiProperty(instant) placedAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) liftedById!: string | null;
  @ApiProperty({ ...instant, nullable: true }) liftedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) liftReason!: string | null;
  @ApiProperty({ description: 'true until lifted: while any hold is active nothing is deleted' })
  active!: boolean;
}
