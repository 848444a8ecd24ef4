import { ApiProperty } from '@nestjs/swagger';

export class PolicyClauseResponse {
  @ApiProperty({ example: 'SM-05' }) code!: string;
  @ApiProperty() title!: string;
}

export class PolicyResponse {
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ type: [PolicyClauseResponse] }) clauses!: PolicyClauseResponse[];
}
