import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

export class PasskeyAnswerDto {
  @ApiProperty({ description: 'ceremonyToken from the options call' })
  @IsString()
  @MaxLength(200)
  ceremonyToken!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The browser's PublicKeyCredential.toJSON()",
  })
  @IsObject()
  response!: AuthenticationResponseJSON;
}

/** The second step of a password sign-in: exactly one proof for the challenge. */
export class SecondFactorDto {
  @ApiProperty({ description: 'challenge.token from the 401 AUTH_SECOND_FACTOR_REQUIRED answer' })
  @IsString()
  @MaxLength(200)
  challengeToken!: string;

  @ApiPropertyOptional({ example: '123456', description: 'six digits from the authenticator app' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  code?: string;

  @ApiPropertyOptional({ example: '1a2b3-c4d5e-6f708' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;

  @ApiPropertyOptional({ type: PasskeyAnswerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PasskeyAnswerDto)
  passkey?: PasskeyAnswerDto;
}

export class ChallengeTokenDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  challengeToken!: string;
}

export class SecondFactorChallenge {
  @ApiProperty() token!: string;
  @ApiProperty({ enum: ['totp', 'passkey', 'recovery_code'], isArray: true }) methods!: string[];
  @ApiProperty() expiresAt!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MaxLength(20)
  code!: string;
}

export class TotpSetupResponse {
  @ApiProperty({ description: 'base32 key, for typing into the app by hand' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/...' }) otpauthUri!: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Shown once: with the first factor, or when asked for a new set',
  })
  recoveryCodes!: string[] | null;
}

export class PasskeyRegistrationDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  ceremonyToken!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  response!: RegistrationResponseJSON;

  @ApiPropertyOptional({ example: 'Work laptop' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string;
}

export class CeremonyResponse {
  @ApiProperty() ceremonyToken!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'WebAuthn options JSON for PublicKeyCredential.parse*OptionsFromJSON',
  })
  options!: object;
}

export class PasskeySummary {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
}

export class PasskeyCreatedResponse extends RecoveryCodesResponse {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty() createdAt!: string;
}

export class FactorStatusResponse {
  @ApiProperty({ description: 'whether this person must use a second factor here' })
  required!: boolean;
  @ApiProperty() totp!: boolean;
  @ApiProperty({ type: [PasskeySummary] }) passkeys!: PasskeySummary[];
  @ApiProperty() recoveryCodesLeft!: number;
}
