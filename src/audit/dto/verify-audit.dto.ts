import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min, ValidateIf } from 'class-validator';

/** Optional anchor: a head printed earlier by `npm run audit:anchor` and kept elsewhere. */
export class VerifyAuditQuery {
  @ApiPropertyOptional({ description: 'sequence number of the anchor' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  anchorSeq?: number;

  @ApiPropertyOptional({ description: 'hash of the anchored entry (64 hex)' })
  @ValidateIf((q: VerifyAuditQuery) => q.anchorSeq !== undefined)
  @Matches(/^[0-9a-f]{64}$/)
  anchorHash?: string;
}
