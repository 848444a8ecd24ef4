import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_POLICY_TEXT_CHARS } from '../policy-import/clause-proposal.js';

export class PolicyClauseDraftDto {
  @ApiPropertyOptional({
    example: 'SM-05',
    description:
      'keep the code of a clause you keep or reword; leave it out for a new clause, which gets the next free code',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  code?: string;

  @ApiProperty({ example: 'Rude or threatening comments about colleagues online' })
  @IsString()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ description: "the school's own words for the rule (from an import)" })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  text?: string;
}

/** A new version of the school's policy, with its approval (required). */
export class PublishPolicyDto {
  @ApiProperty({ example: 'Full governing body' })
  @IsString()
  @MaxLength(200)
  approvedBy!: string;

  @ApiProperty({ example: '2026-11-20', description: 'London date, YYYY-MM-DD; not in the future' })
  @IsString()
  @MaxLength(10)
  approvedOn!: string;

  @ApiProperty({ example: '2027-11-20', description: 'London date, YYYY-MM-DD; after approvedOn' })
  @IsString()
  @MaxLength(10)
  reviewDue!: string;

  @ApiProperty({ type: [PolicyClauseDraftDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PolicyClauseDraftDto)
  clauses!: PolicyClauseDraftDto[];
}

/** The school's own policy text, pasted, for a proposal of clauses. Nothing is written. */
export class PolicyProposalDto {
  @ApiProperty({ description: 'the policy as plain text' })
  @IsString()
  @MaxLength(MAX_POLICY_TEXT_CHARS)
  text!: string;
}

export class ProposedClauseResponse {
  @ApiProperty({ example: 'POL-03.1' }) code!: string;
  @ApiProperty() title!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ nullable: true, type: String, example: 'SM-06' }) modelCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) section!: string | null;
}

export class PolicyProposalResponse {
  @ApiProperty({ type: [ProposedClauseResponse] }) clauses!: ProposedClauseResponse[];
  @ApiProperty({ enum: ['policy', 'order'] }) codesFrom!: 'policy' | 'order';
}
