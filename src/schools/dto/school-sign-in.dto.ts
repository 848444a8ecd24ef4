import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export class SchoolSignInDto {
  @ApiProperty({ description: 'switches "Sign in with your school account" on for this school' })
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({ example: 'https://login.microsoftonline.com/<tenant>/v2.0' })
  @IsString()
  @MaxLength(500)
  @Matches(/^https?:\/\/\S+$/, { message: 'issuer must be an http(s) URL' })
  issuer!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  clientId!: string;

  @ApiPropertyOptional({
    description: 'write-only: stored encrypted, never returned; leave out to keep the stored one',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  clientSecret?: string;

  @ApiProperty({ example: ['oak.example'], type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  allowedDomains!: string[];

  @ApiProperty({
    description:
      'give the staff role to a verified person of an allowed domain who has no account yet',
  })
  @IsBoolean()
  staffForUnknownPeople!: boolean;
}

export class SchoolSignInResponse {
  @ApiProperty() enabled!: boolean;
  @ApiProperty() issuer!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'whether a client secret is stored (it is never shown)' })
  clientSecretSet!: boolean;
  @ApiProperty({ type: [String] }) allowedDomains!: string[];
  @ApiProperty() staffForUnknownPeople!: boolean;
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
}
