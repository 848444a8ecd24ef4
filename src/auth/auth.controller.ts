import { Body, Controller, Get, HttpCode, Ip, Post, Put, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import {
  ANY_SIGNED_IN,
  DuringEnrolment,
  Public,
  Roles,
} from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { AuthService } from './auth.service.js';
import { ErrorResponse } from '../common/errors/error.response.js';
import { LanguageChoiceDto } from './dto/language-choice.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponse, MeResponse } from './dto/me.response.js';
import { CeremonyResponse, ChallengeTokenDto, SecondFactorDto } from './dto/second-factor.dto.js';
import { SessionCookieInterceptor } from './session-cookie.interceptor.js';

const TOO_MANY = {
  type: ErrorResponse,
  description: 'AUTH_THROTTLED; the Retry-After header says how many seconds to wait',
};

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in: a bearer token for the API, and the session cookie for the pages */
  @Post('login')
  @Public()
  @HttpCode(200)
  @UseInterceptors(SessionCookieInterceptor)
  @ApiErrors(400)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Where a second factor is required (senior roles, in production) a person who has one ' +
      'gets 401 AUTH_SECOND_FACTOR_REQUIRED with a challenge for POST /api/v1/auth/second-factor; ' +
      'one who has none yet gets a session limited to enrolment (secondFactorEnrolmentRequired).',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description:
      'AUTH_INVALID_CREDENTIALS (one message for any bad pair), or AUTH_SECOND_FACTOR_REQUIRED',
  })
  @ApiTooManyRequestsResponse(TOO_MANY)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.auth.login(dto, address);
  }

  @Post('second-factor')
  @Public()
  @HttpCode(200)
  @UseInterceptors(SessionCookieInterceptor)
  @ApiOperation({
    summary: 'Answer a second-factor challenge',
    description:
      'Exactly one of code (authenticator app), recoveryCode or passkey. A wrong answer leaves ' +
      'the challenge open for another try within its five minutes; five wrong answers in 15 ' +
      'minutes are refused with 429.',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description: 'AUTH_SECOND_FACTOR_INVALID, or AUTH_CHALLENGE_EXPIRED',
  })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiTooManyRequestsResponse(TOO_MANY)
  secondFactor(@Body() dto: SecondFactorDto): Promise<LoginResponse> {
    return this.auth.completeSecondFactor(dto);
  }

  @Post('second-factor/passkey-options')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'WebAuthn options for answering a challenge with a passkey' })
  @ApiOkResponse({ type: CeremonyResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'AUTH_CHALLENGE_EXPIRED' })
  passkeyOptions(@Body() dto: ChallengeTokenDto): Promise<CeremonyResponse> {
    return this.auth.passkeyChallengeOptions(dto.challengeToken);
  }

  /** Sign out: the token and the session end at once, on every instance */
  @Post('logout')
  @Roles(ANY_SIGNED_IN)
  @DuringEnrolment()
  @HttpCode(204)
  @UseInterceptors(SessionCookieInterceptor)
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  /** Who is signed in, and their roles in each school */
  @Get('me')
  @Roles(ANY_SIGNED_IN)
  @ApiOkResponse({ type: MeResponse })
  @DuringEnrolment()
  me(@CurrentActor() actor: Actor): MeResponse {
    return this.auth.me(actor);
  }

  /** Choose the language of your own pages, mail and PDFs (or follow your school's) */
  @Put('me/language')
  @Roles(ANY_SIGNED_IN)
  @ApiOkResponse({ type: MeResponse })
  @ApiErrors(400)
  @DuringEnrolment()
  chooseLanguage(
    @CurrentActor() actor: Actor,
    @Body() dto: LanguageChoiceDto,
  ): Promise<MeResponse> {
    return this.auth.chooseLanguage(actor, dto);
  }
}
