import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../common/role.js';

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
}
