import { Injectable } from '@nestjs/common';
import { PasskeyRegistrationDto } from '../auth/dto/second-factor.dto.js';
import { SecondFactorService } from '../auth/second-factor/second-factor.service.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { formErrors } from './form-errors.js';
import { Translator } from '../platform/i18n/translator.js';
import { homeFor, languageOf, PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

/** The person's own sign-in security: authenticator app, passkeys, recovery codes. */
@Injectable()
export class AccountPagesService {
  constructor(
    private readonly factors: SecondFactorService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  async overview(req: RequestWithActor, errors: { text: string; href: string | null }[] = []) {
    const actor = req.actor!;
    const [status, passkey] = await Promise.all([
      this.factors.status(actor),
      this.factors.passkeyRegistrationOptions(actor),
    ]);
    const lang = languageOf(req);
    return {
      ...this.pages.base(
        req,
        this.words.t('account.secondFactor.title', lang),
        '/account/second-factor',
      ),
      mustEnrol: actor.enrolmentPending,
      errors,
      totp: status.totp,
      passkeys: status.passkeys.map((p) => ({
        label: p.label,
        createdAt: formatLondon(p.createdAt, 'datetime', lang),
        lastUsedAt: p.lastUsedAt
          ? formatLondon(p.lastUsedAt, 'datetime', lang)
          : this.words.t('account.secondFactor.notYet', lang),
      })),
      hasFactor: status.totp || status.passkeys.length > 0,
      recoveryCodesLeft: status.recoveryCodesLeft,
      passkey: {
        ceremonyToken: passkey.ceremonyToken,
        optionsJson: JSON.stringify(passkey.options),
      },
      passkeyScript: true,
    };
  }

  /** The pending key as a QR code for the app to scan (an image, as the CSP allows no inline SVG). */
  async totpQr(req: RequestWithActor): Promise<string> {
    const setup = await this.factors.pendingTotp(req.actor!);
    if (!setup) throw new NotFoundDomainException('Authenticator set-up');
    // Loaded at an authenticator set-up, not at every start-up.
    const { default: QRCode } = await import('qrcode');
    return QRCode.toString(setup.otpauthUri, { type: 'svg', margin: 1 });
  }

  async beginTotp(req: RequestWithActor): Promise<PageResult> {
    const setup = await this.factors.beginTotp(req.actor!);
    return { view: 'web/account/totp', model: await this.totpPage(req, setup, null) };
  }

  async confirmTotp(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const actor = req.actor!;
    const wasPending = actor.enrolmentPending;
    try {
      const { recoveryCodes } = await this.factors.confirmTotp(actor, String(body.code ?? ''));
      return this.done(
        req,
        this.words.t('account.done.totp', languageOf(req)),
        recoveryCodes,
        wasPending,
      );
    } catch (error) {
      const lang = languageOf(req);
      const [first] =
        error instanceof DomainException && error.code === 'AUTH_TOTP_CODE_INVALID'
          ? [{ text: this.words.t('account.totp.codeInvalid', lang) }]
          : formErrors(error, ['code'], {}, lang);
      const setup = await this.factors.pendingTotp(actor);
      if (!setup) return { redirect: '/account/second-factor' };
      return {
        view: 'web/account/totp',
        model: await this.totpPage(
          req,
          setup,
          first?.text ?? this.words.t('account.totp.checkCode', lang),
        ),
        status: 400,
      };
    }
  }

  async registerPasskey(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const actor = req.actor!;
    const wasPending = actor.enrolmentPending;
    try {
      const dto = await validateDto(PasskeyRegistrationDto, {
        ceremonyToken: String(body.passkeyCeremony ?? ''),
        response: parse(String(body.passkeyResponse ?? '')),
        label: String(body.label ?? ''),
      });
      const added = await this.factors.registerPasskey(actor, dto);
      return this.done(
        req,
        this.words.t('account.done.passkey', languageOf(req)),
        added.recoveryCodes,
        wasPending,
      );
    } catch (error) {
      const errors = formErrors(error, [], {}, languageOf(req)).map(() => ({
        text: this.words.t('account.secondFactor.passkeyRefused', languageOf(req)),
        href: null,
      }));
      return {
        view: 'web/account/second-factor',
        model: await this.overview(req, errors.slice(0, 1)),
        status: 400,
      };
    }
  }

  async newRecoveryCodes(req: RequestWithActor): Promise<PageResult> {
    const { recoveryCodes } = await this.factors.regenerateRecoveryCodes(req.actor!);
    return this.done(
      req,
      this.words.t('account.done.recovery', languageOf(req)),
      recoveryCodes,
      false,
    );
  }

  private done(
    req: RequestWithActor,
    heading: string,
    codes: string[] | null,
    wasPending: boolean,
  ): PageResult {
    return {
      view: 'web/account/recovery-codes',
      model: {
        ...this.pages.base(req, heading, '/account/second-factor'),
        heading,
        codes,
        // After enrolment the person goes on to where their role starts.
        continueTo: wasPending ? homeFor(req.actor!) : '/account/second-factor',
      },
    };
  }

  private async totpPage(
    req: RequestWithActor,
    setup: { secret: string },
    codeError: string | null,
  ) {
    return {
      ...this.pages.base(
        req,
        this.words.t('account.totp.title', languageOf(req)),
        '/account/second-factor',
      ),
      secret: setup.secret.match(/.{1,4}/g)!.join(' '),
      codeError,
      errors: codeError ? [{ text: codeError, href: '#code' }] : [],
    };
  }
}

function parse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
