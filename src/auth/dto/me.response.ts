import { LANGUAGES, type Language } from '../../common/language.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../common/role.js';

export class MembershipResponse {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({ example: 'OAK' }) schoolCode!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [MembershipResponse] }) memberships!: MembershipResponse[];
  @ApiProperty({
    enum: LANGUAGES,
    description:
      "the language of this person's pages, mail and PDFs: their own, else their school's",
  })
  language!: Language;
}

export class LoginResponse {
  @ApiProperty({ description: 'opaque; send it as `Authorization: Bearer <token>`' })
  accessToken!: string;
  @ApiProperty({ type: MeResponse }) user!: MeResponse;
  @ApiPropertyOptional({
    description:
      'Present (true) when the person must set up a second factor before anything else: the ' +
      'session reaches only /api/v1/auth/factors/*, me and logout until then',
  })
  secondFactorEnrolmentRequired?: boolean;
}
