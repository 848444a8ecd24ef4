import { Injectable } from '@nestjs/common';
import { MIN_PASSWORD_LENGTH, PasswordsService } from '../auth/passwords.service.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { formErrors } from './form-errors.js';
import { Translator } from '../platform/i18n/translator.js';
import { languageOf, PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

type LinkKind = 'invitation' | 'password_reset';

const WORDS: Record<LinkKind, { heading: string; action: string }> = {
  invitation: { heading: 'password.choose.invitation', action: '/invitation' },
  password_reset: { heading: 'password.choose.reset', action: '/password/reset' },
};

/** What a refusal says, by its code; another is said as the form's messages say it. */
const REFUSALS: Record<string, string> = {
  AUTH_PASSWORD_TOO_SHORT: 'password.choose.tooShort',
  AUTH_PASSWORDS_DIFFER: 'password.choose.differ',
  AUTH_LINK_INVALID: 'password.choose.linkInvalid',
};

/** Forgotten password, and choosing a password from an invitation or reset link. */
@Injectable()
export class PasswordPagesService {
  constructor(
    private readonly passwords: PasswordsService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  forgot(req: RequestWithActor) {
    return this.pages.base(req, this.words.t('password.forgot.title', languageOf(req)));
  }

  async requestReset(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    await this.passwords.requestReset(String(body.email ?? '').slice(0, 320), req.ip ?? '');
    return { redirect: `/login?done=reset_sent${inWelsh(req)}` };
  }

  async choosePage(
    req: RequestWithActor,
    kind: LinkKind,
    token: unknown,
    passwordError: string | null = null,
  ) {
    const value = typeof token === 'string' ? token : '';
    const heading = this.words.t(WORDS[kind].heading, languageOf(req));
    return {
      ...this.pages.base(req, heading),
      heading,
      // A person not signed in keeps the language they read the page in when it is sent.
      action: `${WORDS[kind].action}${inWelsh(req).replace('&', '?')}`,
      token: value,
      live: await this.passwords.linkIsLive(kind, value),
      passwordError,
      errors: passwordError ? [{ text: passwordError, href: '#password' }] : [],
    };
  }

  async choose(
    req: RequestWithActor,
    kind: LinkKind,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const token = String(body.token ?? '');
    const password = String(body.password ?? '');
    try {
      if (password !== String(body.confirm ?? '')) {
        throw new DomainException(400, 'AUTH_PASSWORDS_DIFFER', [
          'password and the repeat are not the same',
        ]);
      }
      await this.passwords.choose(kind, token, password);
      return { redirect: `/login?done=password_set${inWelsh(req)}` };
    } catch (error) {
      const lang = languageOf(req);
      const known = error instanceof DomainException ? REFUSALS[error.code] : undefined;
      const said = known
        ? this.words.t(known, lang, { count: MIN_PASSWORD_LENGTH })
        : (formErrors(error, ['password'], {}, lang)[0]?.text ??
          this.words.t('password.choose.check', lang));
      return {
        view: 'web/password/choose',
        model: await this.choosePage(req, kind, token, said),
        status: 400,
      };
    }
  }
}

/** "&lang=cy" for a Welsh page, so the next page (sign-in) is Welsh too; nothing for English. */
function inWelsh(req: RequestWithActor): string {
  return languageOf(req) === 'cy' ? '&lang=cy' : '';
}
