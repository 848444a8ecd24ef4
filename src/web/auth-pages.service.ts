import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { LoginDto } from '../auth/dto/login.dto.js';
import { SecondFactorDto } from '../auth/dto/second-factor.dto.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException, TooManyRequestsException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { AcknowledgementPagesService } from './acknowledgement-pages.service.js';
import { Translator } from '../platform/i18n/translator.js';
import { homeFor, languageOf, PageContext } from './page-context.js';
import { safeNext } from './safe-next.js';
import type { PageResult } from './page-result.js';
import { SessionService } from '../auth/session.service.js';
import { SchoolSsoService, type SsoRefusal } from '../auth/sso/school-sso.service.js';
import { formErrors } from './form-errors.js';

/** The words for each reason the school's sign-in gives for refusing someone. */
export const SSO_REFUSALS: Record<SsoRefusal, string> = {
  no_provider: 'auth.sso.refused.no_provider',
  state: 'auth.sso.refused.state',
  provider_error: 'auth.sso.refused.provider_error',
  email_unverified: 'auth.sso.refused.email_unverified',
  domain: 'auth.sso.refused.domain',
  no_account: 'auth.sso.refused.no_account',
  disabled: 'auth.sso.refused.disabled',
};

@Injectable()
export class AuthPagesService {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly sso: SchoolSsoService,
    private readonly pages: PageContext,
    private readonly acknowledgements: AcknowledgementPagesService,
    private readonly words: Translator,
  ) {}

  loginPage(req: RequestWithActor, error: string | null = null, email = '') {
    return {
      ...this.pages.base(req, this.words.t('auth.login.title', languageOf(req))),
      email,
      error,
      next: safeNext(req.query.next),
    };
  }

  async login(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const email = typeof body.email === 'string' ? body.email : '';
    const next = safeNext(body.next);
    try {
      const dto = await validateDto(LoginDto, {
        email,
        password: typeof body.password === 'string' ? body.password : '',
      });
      const result = await this.auth.login(dto, req.ip ?? '');
      const actor = await this.sessions.resolve(result.accessToken);
      // Enrolling a second factor comes first; the policy is asked for at the next sign-in.
      const home = result.secondFactorEnrolmentRequired ? '/account/second-factor' : null;
      return {
        redirect:
          home ?? (await this.acknowledgements.afterSignIn(actor!, next || homeFor(actor!))),
        session: { set: result.accessToken },
      };
    } catch (error) {
      if (!(error instanceof DomainException) || error.status >= 500) throw error;
      if (error.code === 'AUTH_SECOND_FACTOR_REQUIRED') {
        const challenge = error.extra?.challenge as { token: string; methods: string[] };
        return {
          view: 'web/login-second-factor',
          model: await this.secondFactorPage(req, challenge.token, challenge.methods, next, null),
        };
      }
      return {
        view: 'web/login',
        model: this.loginPage(req, this.sayRefusal(req, error), email),
        status: error.status,
        headers: retryAfter(error),
      };
    }
  }

  /** The second step: a code, a recovery code or a passkey answer. */
  async secondFactor(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const challengeToken = text(body.challengeToken);
    const next = safeNext(body.next);
    try {
      const passkeyResponse = text(body.passkeyResponse);
      const dto = await validateDto(SecondFactorDto, {
        challengeToken,
        ...(text(body.code) ? { code: text(body.code) } : {}),
        ...(text(body.recoveryCode) ? { recoveryCode: text(body.recoveryCode) } : {}),
        ...(passkeyResponse
          ? {
              passkey: {
                ceremonyToken: text(body.passkeyCeremony),
                response: parseJson(passkeyResponse),
              },
            }
          : {}),
      });
      const result = await this.auth.completeSecondFactor(dto);
      const actor = await this.sessions.resolve(result.accessToken);
      return {
        redirect: await this.acknowledgements.afterSignIn(actor!, next || homeFor(actor!)),
        session: { set: result.accessToken },
      };
    } catch (error) {
      if (!(error instanceof DomainException) || error.status >= 500) throw error;
      if (error.code === 'AUTH_CHALLENGE_EXPIRED') {
        return {
          view: 'web/login',
          model: this.loginPage(req, this.words.t('auth.secondFactor.tooLong', languageOf(req))),
          status: 401,
        };
      }
      const message =
        error instanceof TooManyRequestsException
          ? this.sayRefusal(req, error)
          : this.words.t('auth.secondFactor.notAccepted', languageOf(req));
      const methods = await this.auth.challengeMethods(challengeToken);
      return {
        view: 'web/login-second-factor',
        model: await this.secondFactorPage(req, challengeToken, methods, next, message),
        status: error.status,
        headers: retryAfter(error),
      };
    }
  }

  ssoPage(req: RequestWithActor, error: string | null = null, email = '', next = '') {
    return {
      ...this.pages.base(req, this.words.t('auth.sso.title', languageOf(req))),
      error,
      email,
      next: next || safeNext(req.query.next),
    };
  }

  /**
   * Off to the school's provider (an absolute URL from the provider's metadata). By a page that
   * moves on at once rather than a redirect: the CSP's form-action 'self' also covers where a
   * form's answer redirects to, and the provider is another site.
   */
  async startSso(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const email = text(body.email).slice(0, 320);
    const next = safeNext(body.next);
    try {
      const url = await this.sso.start(email, next, req.ip ?? '');
      return {
        view: 'web/login-sso-redirect',
        model: {
          ...this.pages.base(req, this.words.t('auth.ssoRedirect.title', languageOf(req))),
          refreshTo: url.href,
        },
      };
    } catch (error) {
      if (!(error instanceof DomainException) || error.status >= 500) throw error;
      return {
        view: 'web/login-sso',
        model: this.ssoPage(
          req,
          this.sayRefusal(req, error, this.ssoRefusal(req, error)),
          email,
          next,
        ),
        status: error.status === 429 ? 429 : 400,
        headers: retryAfter(error),
      };
    }
  }

  async finishSso(req: RequestWithActor): Promise<PageResult> {
    const query = req.originalUrl.split('?')[1] ?? '';
    try {
      const result = await this.sso.finish(query);
      const actor = await this.sessions.resolve(result.accessToken);
      return {
        redirect: await this.acknowledgements.afterSignIn(actor!, result.next || homeFor(actor!)),
        session: { set: result.accessToken },
      };
    } catch (error) {
      if (!(error instanceof DomainException) || error.status >= 500) throw error;
      return {
        view: 'web/login-sso',
        model: this.ssoPage(req, this.ssoRefusal(req, error)),
        status: error.status,
      };
    }
  }

  async logout(req: RequestWithActor): Promise<PageResult> {
    await this.auth.logout(req.actor!);
    return { redirect: '/login?done=signed_out', session: { clear: true } };
  }

  private async secondFactorPage(
    req: RequestWithActor,
    challengeToken: string,
    methods: string[],
    next: string,
    error: string | null,
  ) {
    const passkey = methods.includes('passkey')
      ? await this.auth.passkeyChallengeOptions(challengeToken).catch(() => null)
      : null;
    return {
      ...this.pages.base(req, this.words.t('auth.secondFactor.title', languageOf(req))),
      challengeToken,
      next,
      error,
      hasTotp: methods.includes('totp'),
      hasRecovery: methods.includes('recovery_code'),
      passkey: passkey
        ? { ceremonyToken: passkey.ceremonyToken, optionsJson: JSON.stringify(passkey.options) }
        : null,
      passkeyScript: Boolean(passkey),
    };
  }

  /** Why the school's sign-in refused, in the page's language (the service gives a reason). */
  private ssoRefusal(req: RequestWithActor, error: DomainException): string {
    const reason = error.extra?.reason;
    const lang = languageOf(req);
    if (error.code === 'AUTH_SSO_REFUSED' && typeof reason === 'string' && reason in SSO_REFUSALS)
      return this.words.t(SSO_REFUSALS[reason as SsoRefusal], lang);
    return formErrors(error, ['email'], { email: this.words.t('auth.sso.email', lang) }, lang)
      .map((e) => e.text)
      .join(' ');
  }

  private sayRefusal(req: RequestWithActor, error: DomainException, otherwise?: string): string {
    const lang = languageOf(req);
    if (error instanceof TooManyRequestsException) {
      const count = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      const wait = this.words.t('auth.login.minutes', lang, { count });
      return this.words.t('auth.login.tooMany', lang, { wait });
    }
    return otherwise ?? this.words.t('auth.login.wrong', lang);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

/** The same Retry-After the API sends, on a page that says how long to wait. */
function retryAfter(error: DomainException): Record<string, string> {
  return error instanceof TooManyRequestsException
    ? { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) }
    : {};
}
