import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../common/decorators/access.decorators.js';
import { ErrorResponse } from '../common/errors/error.response.js';
import { ChoosePasswordDto, MessageResponse, PasswordResetRequestDto } from './dto/password.dto.js';
import { PasswordsService } from './passwords.service.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class PasswordsController {
  constructor(private readonly passwords: PasswordsService) {}

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password-reset link by mail',
    description: 'The same answer whether or not the address has an account.',
  })
  @ApiAcceptedResponse({ type: MessageResponse })
  @ApiErrors(400, 429)
  requestReset(
    @Body() dto: PasswordResetRequestDto,
    @Ip() address: string,
  ): Promise<MessageResponse> {
    return this.passwords.requestReset(dto.email, address);
  }

  @Post('password-reset/complete')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose a new password with the token from a reset link',
    description: 'The link works once; every session of the person ends.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'AUTH_LINK_INVALID (used or expired), AUTH_PASSWORD_TOO_SHORT',
  })
  completeReset(@Body() dto: ChoosePasswordDto): Promise<void> {
    return this.passwords.choose('password_reset', dto.token, dto.password);
  }

  @Post('invitation/accept')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Choose a first password with the token from an invitation' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'AUTH_LINK_INVALID (used or expired), AUTH_PASSWORD_TOO_SHORT',
  })
  acceptInvitation(@Body() dto: ChoosePasswordDto): Promise<void> {
    return this.passwords.choose('invitation', dto.token, dto.password);
  }
}
