import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../../common/actor.js';
import {
  ANY_SIGNED_IN,
  DuringEnrolment,
  Roles,
} from '../../common/decorators/access.decorators.js';
import { CurrentActor } from '../../common/decorators/current-actor.decorator.js';
import { ErrorResponse } from '../../common/errors/error.response.js';
import {
  CeremonyResponse,
  FactorStatusResponse,
  PasskeyCreatedResponse,
  PasskeyRegistrationDto,
  RecoveryCodesResponse,
  TotpCodeDto,
  TotpSetupResponse,
} from '../dto/second-factor.dto.js';
import { SecondFactorService } from './second-factor.service.js';

/** The signed-in person's own second factors; reachable while enrolment is still owed. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/auth/factors')
@Roles(ANY_SIGNED_IN)
@DuringEnrolment()
export class FactorsController {
  constructor(private readonly factors: SecondFactorService) {}

  @Get()
  @ApiOperation({ summary: 'Which second factors I have' })
  @ApiOkResponse({ type: FactorStatusResponse })
  status(@CurrentActor() actor: Actor): Promise<FactorStatusResponse> {
    return this.factors.status(actor);
  }

  @Post('totp')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start setting up an authenticator app',
    description: 'A new key; it becomes a factor once confirmed with a code from the app.',
  })
  @ApiOkResponse({ type: TotpSetupResponse })
  beginTotp(@CurrentActor() actor: Actor): Promise<TotpSetupResponse> {
    return this.factors.beginTotp(actor);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the authenticator app with a code it shows' })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'AUTH_TOTP_CODE_INVALID' })
  confirmTotp(
    @CurrentActor() actor: Actor,
    @Body() dto: TotpCodeDto,
  ): Promise<RecoveryCodesResponse> {
    return this.factors.confirmTotp(actor, dto.code);
  }

  @Post('passkeys/options')
  @HttpCode(200)
  @ApiOperation({ summary: 'WebAuthn options for adding a passkey' })
  @ApiOkResponse({ type: CeremonyResponse })
  passkeyOptions(@CurrentActor() actor: Actor): Promise<CeremonyResponse> {
    return this.factors.passkeyRegistrationOptions(actor);
  }

  @Post('passkeys')
  @ApiOperation({ summary: 'Add a passkey from the browser’s answer' })
  @ApiCreatedResponse({ type: PasskeyCreatedResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'AUTH_PASSKEY_INVALID' })
  registerPasskey(
    @CurrentActor() actor: Actor,
    @Body() dto: PasskeyRegistrationDto,
  ): Promise<PasskeyCreatedResponse> {
    return this.factors.registerPasskey(actor, dto);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new set of recovery codes (the old set stops working)' })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'AUTH_NO_SECOND_FACTOR' })
  recoveryCodes(@CurrentActor() actor: Actor): Promise<RecoveryCodesResponse> {
    return this.factors.regenerateRecoveryCodes(actor);
  }
}
