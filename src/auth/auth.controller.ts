import { Body, Controller, Get, HttpCode, Ip, Post, UseInterceptors } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { ANY_SIGNED_IN, Public, Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponse, MeResponse } from './dto/me.response.js';
import { SessionCookieInterceptor } from './session-cookie.interceptor.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in: a bearer token for the API, and the session cookie for the pages */
  @Post('login')
  @Public()
  @HttpCode(200)
  @UseInterceptors(SessionCookieInterceptor)
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.auth.login(dto, address);
  }

  /** Sign out: the token and the session end at once, on every instance */
  @Post('logout')
  @Roles(ANY_SIGNED_IN)
  @HttpCode(204)
  @UseInterceptors(SessionCookieInterceptor)
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  /** Who is signed in, and their roles in each school */
  @Get('me')
  @Roles(ANY_SIGNED_IN)
  me(@CurrentActor() actor: Actor): MeResponse {
    return this.auth.me(actor);
  }
}
