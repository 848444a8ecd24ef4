import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'head@oak.example' })
  @IsString()
  @MaxLength(320)
  email!: string;
}

export class ChoosePasswordDto {
  @ApiProperty({ description: 'the token from the link in the mail' })
  @IsString()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: 12, maxLength: 1024 })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class MessageResponse {
  @ApiProperty() message!: string;
}
