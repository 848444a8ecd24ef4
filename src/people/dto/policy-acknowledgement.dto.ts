import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

export class AcknowledgePolicyDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'the version the person has read' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class PolicyAcknowledgementResponse {
  @ApiProperty({ type: 'integer', example: 2 }) version!: number;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt!: string;
}

export class AcknowledgedPersonResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt!: string;
}

export class OutstandingPersonResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
}

export class AcknowledgementStatusResponse {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 2,
    description: 'the version in force; null while the school has no approved version',
  })
  version!: number | null;
  @ApiProperty({ type: [AcknowledgedPersonResponse] }) acknowledged!: AcknowledgedPersonResponse[];
  @ApiProperty({ type: [OutstandingPersonResponse] }) outstanding!: OutstandingPersonResponse[];
}
