import { Injectable } from '@nestjs/common';
import { PasswordsService } from '../auth/passwords.service.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { formErrors } from './form-errors.js';
import { PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

type LinkKind = 'invitation' | 'password_reset';

const WORDS: Record<LinkKind, { heading: string; action: string }> = {
  invitation: { heading: 'Choose your password', action: '/invitation' },
  password_reset: { heading: 'Choose a new password', action: '/password/reset' },
};

/** Forgotten password, and choosing a password from an invitation or reset link. */
@Injectable()
export class PasswordPagesService {
  constructor(
    private readonly passwords: PasswordsService,
    private readonly pages: PageContext,
  ) {}

  forgot(req: RequestWithActor) {
    return this.pages.base(req, 'Forgotten your password?');
  }

  async requestReset(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    await this.passwords.requestReset(String(body.email ?? '').slice(0, 320), req.ip ?? '');
    return { redirect: '/login?done=reset_sent' };
  }

  async choosePage(
    req: RequestWithActor,
    kind: LinkKind,
    token: unknown,
    passwordError: string | null = null,
  ) {
    const value = typeof token === 'string' ? token : '';
    return {
      ...this.pages.base(req, WORDS[kind].heading),
      ...WORDS[kind],
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
      return { redirect: '/login?done=password_set' };
    } catch (error) {
      const [first] = formErrors(error, ['password']);
      return {
        view: 'web/password/choose',
        model: await this.choosePage(req, kind, token, first?.text ?? 'Check the password'),
        status: 400,
      };
    }
  }
}
