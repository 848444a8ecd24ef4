import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min, ValidateIf } from 'class-validator';

/** Optional anchor: a head printed earlier by `npm run audit:anchor` and kept elsewhere. */
export class VerifyAuditQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'sequence number of the anchor',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  anchorSeq?: number;

  @ApiPropertyOptional({
    pattern: '^[0-9a-f]{64}$',
    description: 'hash of the anchored entry (64 hex)',
  })
  @ValidateIf((q: VerifyAuditQuery) => q.anchorSeq !== undefined)
  @Matches(/^[0-9a-f]{64}$/)
  anchorHash?: string;
}

/** The verdict of walking the hash chain. */
export class AuditVerdictResponse {
  /** true when every entry's hash matches its content and its predecessor */
  ok!: boolean;
  @ApiProperty({ type: 'integer', description: 'how many entries were checked' })
  entries!: number;
  @ApiPropertyOptional({ type: 'integer', description: 'the first entry whose hash is wrong' })
  firstBrokenSeq?: number;
}
