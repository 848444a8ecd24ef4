import { Body, Controller, Get, HttpCode, Ip, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
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

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseInterceptors(SessionCookieInterceptor)
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.auth.login(dto, address);
  }

  @Post('logout')
  @Roles(ANY_SIGNED_IN)
  @HttpCode(204)
  @UseInterceptors(SessionCookieInterceptor)
  @ApiBearerAuth()
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @Get('me')
  @Roles(ANY_SIGNED_IN)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): MeResponse {
    return this.auth.me(actor);
  }
}
