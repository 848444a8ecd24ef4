import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'head@oak.example' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'demo-pass-2026' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
