import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../../common/role.js';

export class SchoolPersonResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'roles at this school' })
  roles!: Role[];
  @ApiProperty({ description: 'false once deactivated: the person cannot sign in' })
  active!: boolean;
  @ApiProperty({ description: 'whether the person has chosen a password (else: invited, or SSO)' })
  hasPassword!: boolean;
}

export class AddPersonDto {
  @ApiProperty({ example: 'new.teacher@oak.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'Nia Jones' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['staff'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class SetRolesDto {
  @ApiProperty({
    enum: ROLES,
    isArray: true,
    description: 'the roles the person holds at this school from now on (hr is not managed here)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class ImportRowResponse {
  @ApiProperty({ description: 'line in the file; the header is line 1' }) row!: number;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty({
    enum: ['create', 'add_role', 'unchanged', 'rejected'],
    description: 'what importing does (or did) with this row',
  })
  outcome!: 'create' | 'add_role' | 'unchanged' | 'rejected';
  @ApiProperty({ type: [String] }) reasons!: string[];
}

export class ImportResponse {
  @ApiProperty({ description: 'true: a preview, nothing was written' }) dryRun!: boolean;
  @ApiProperty() rows!: number;
  @ApiProperty() create!: number;
  @ApiProperty({ description: 'existing accounts given this role here' }) addRole!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'invitations mailed (none where the school uses its provider)' })
  invited!: number;
  @ApiProperty({ type: [ImportRowResponse] }) items!: ImportRowResponse[];
}

export class ImportQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true' })
  @IsIn(['true', 'false'])
  dryRun: 'true' | 'false' = 'true';
}
