import { ApiProperty } from '@nestjs/swagger';

export class PolicyClauseResponse {
  @ApiProperty({ example: 'SM-05' }) code!: string;
  @ApiProperty() title!: string;
}

export class PolicyApprovalResponse {
  @ApiProperty({ example: 'Full governing body' }) approvedBy!: string;
  @ApiProperty({ example: '2026-09-15', description: 'London date, YYYY-MM-DD' })
  approvedOn!: string;
  @ApiProperty({ example: '2027-09-15', description: 'London date, YYYY-MM-DD' })
  reviewDue!: string;
}

export class PolicyResponse {
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ type: [PolicyClauseResponse] }) clauses!: PolicyClauseResponse[];
  @ApiProperty({
    type: PolicyApprovalResponse,
    nullable: true,
    description:
      'who approved this version and when it is due for review; null on the model catalogue a school starts with',
  })
  approval!: PolicyApprovalResponse | null;
}

export class PublishedPolicyResponse extends PolicyResponse {
  @ApiProperty({ type: PolicyApprovalResponse }) declare approval: PolicyApprovalResponse;
}
