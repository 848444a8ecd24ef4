import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/role.js';

export class MembershipResponse {
  @ApiProperty() schoolId!: string;
  @ApiProperty({ example: 'OAK' }) schoolCode!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class MeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [MembershipResponse] }) memberships!: MembershipResponse[];
}

export class LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ type: MeResponse }) user!: MeResponse;
  @ApiPropertyOptional({
    description:
      'Present (true) when the person must set up a second factor before anything else: the ' +
      'session reaches only /api/v1/auth/factors/*, me and logout until then',
  })
  secondFactorEnrolmentRequired?: boolean;
}
