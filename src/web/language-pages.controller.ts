import { Body, Controller, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthService } from '../auth/auth.service.js';
import { LanguageChoiceDto } from '../auth/dto/language-choice.dto.js';
import { ANY_SIGNED_IN, DuringEnrolment, Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { validateDto } from '../common/validate-dto.js';
import { PageResultInterceptor, type PageResult } from './page-result.js';
import { safeNext } from './safe-next.js';

/** The "Cymraeg / English" button at the foot of every page: the person's own choice. */
@ApiExcludeController()
@Controller('account/language')
export class LanguagePagesController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @Roles(ANY_SIGNED_IN)
  @DuringEnrolment()
  @UseInterceptors(PageResultInterceptor)
  async choose(
    @Req() req: RequestWithActor,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    await this.auth.chooseLanguage(
      req.actor!,
      await validateDto(LanguageChoiceDto, { language: body.language }),
    );
    // Back to the page the button was on, now in the chosen language.
    return { redirect: safeNext(body.next) || '/' };
  }
}
