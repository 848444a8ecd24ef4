import { Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { Actor } from '../../common/actor.js';
import { TransactionRunner } from '../../common/database/transaction-runner.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { AppConfig } from '../../config/app-config.js';
import { UsersService } from '../../users/users.service.js';
import { SECOND_FACTOR_ROLES } from '../../common/role.js';
import { SessionService } from '../session.service.js';
import { Ceremony, PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { TotpService } from './totp.service.js';

/** What a password sign-in still needs before it becomes a session that reaches cases. */
export type SecondFactorNeed = 'none' | 'challenge' | 'enrol';
export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

export interface FactorStatus {
  required: boolean;
  totp: boolean;
  passkeys: { id: string; label: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
}

/** Enrolment and checks of the second factor (authenticator app, passkey, recovery codes). */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly totp: TotpService,
    private readonly recovery: RecoveryCodesService,
    private readonly passkeys: PasskeysService,
    private readonly sessions: SessionService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /**
   * Senior roles on password accounts must pass a second factor where it is enforced
   * (production, or REQUIRE_SECOND_FACTOR=true). Elsewhere nobody is asked, so the shared demo
   * accounts keep signing in with their password alone.
   */
  async need(userId: string): Promise<SecondFactorNeed> {
    if (!this.config.requireSecondFactor) return 'none';
    if (!(await this.users.holdsAnyRole(userId, SECOND_FACTOR_ROLES))) return 'none';
    return (await this.methods(userId)).length > 0 ? 'challenge' : 'enrol';
  }

  async methods(
    userId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SecondFactorMethod[]> {
    const [totp, passkeys, codes] = await Promise.all([
      this.totp.isEnrolled(em, userId),
      this.passkeys.list(em, userId),
      this.recovery.remaining(em, userId),
    ]);
    const methods: SecondFactorMethod[] = [];
    if (totp) methods.push('totp');
    if (passkeys.length > 0) methods.push('passkey');
    if (methods.length > 0 && codes > 0) methods.push('recovery_code');
    return methods;
  }

  async status(actor: Actor): Promise<FactorStatus> {
    const em = this.dataSource.manager;
    const [totp, passkeys, codes] = await Promise.all([
      this.totp.isEnrolled(em, actor.userId),
      this.passkeys.list(em, actor.userId),
      this.recovery.remaining(em, actor.userId),
    ]);
    return {
      required: this.config.requireSecondFactor && actor.holdsAny(SECOND_FACTOR_ROLES),
      totp,
      passkeys: passkeys.map((p) => ({
        id: p.id,
        label: p.label,
        createdAt: p.createdAt.toISOString(),
        lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
      })),
      recoveryCodesLeft: codes,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Enrolment, by the signed-in person (also from a session that owes its enrolment)

  beginTotp(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
    return this.transactions.run(async (em) => {
      const { secret, uri } = await this.totp.begin(em, actor.userId, actor.email);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'auth.totp_started',
        targetType: 'user',
        targetId: actor.userId,
      });
      return { secret, otpauthUri: uri };
    });
  }

  async pendingTotp(actor: Actor): Promise<{ secret: string; otpauthUri: string } | null> {
    const pending = await this.totp.pending(this.dataSource.manager, actor.userId, actor.email);
    return pending ? { secret: pending.secret, otpauthUri: pending.uri } : null;
  }

  /** Returns the recovery codes when this is the person's first factor (shown once). */
  async confirmTotp(actor: Actor, code: string): Promise<{ recoveryCodes: string[] | null }> {
    return this.transactions.run(async (em) => {
      if (!(await this.totp.confirm(em, actor.userId, code))) {
        throw new DomainException(400, 'AUTH_TOTP_CODE_INVALID', [
          'code is not the one your app shows now; check the app and the time on your phone',
        ]);
      }
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'auth.totp_enrolled',
        targetType: 'user',
        targetId: actor.userId,
      });
      return { recoveryCodes: await this.enrolled(em, actor) };
    });
  }

  passkeyRegistrationOptions(
    actor: Actor,
  ): Promise<Ceremony<PublicKeyCredentialCreationOptionsJSON>> {
    return this.transactions.run((em) =>
      this.passkeys.registrationOptions(em, {
        id: actor.userId,
        email: actor.email,
        name: actor.name,
      }),
    );
  }

  async registerPasskey(
    actor: Actor,
    input: { ceremonyToken: string; response: RegistrationResponseJSON; label?: string },
  ): Promise<{ id: string; label: string; createdAt: string; recoveryCodes: string[] | null }> {
    return this.transactions.run(async (em) => {
      const passkey = await this.passkeys.register(
        em,
        actor.userId,
        input.ceremonyToken,
        input.response,
        input.label ?? '',
      );
      if (!passkey) {
        throw new DomainException(
          400,
          'AUTH_PASSKEY_INVALID',
          'The passkey could not be verified; try again',
        );
      }
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'auth.passkey_enrolled',
        targetType: 'passkey',
        targetId: passkey.id,
      });
      return {
        id: passkey.id,
        label: passkey.label,
        createdAt: passkey.createdAt.toISOString(),
        recoveryCodes: await this.enrolled(em, actor),
      };
    });
  }

  async regenerateRecoveryCodes(actor: Actor): Promise<{ recoveryCodes: string[] }> {
    return this.transactions.run(async (em) => {
      if ((await this.methods(actor.userId, em)).length === 0) {
        throw new DomainException(
          409,
          'AUTH_NO_SECOND_FACTOR',
          'Set up an authenticator app or a passkey first',
        );
      }
      const codes = await this.recovery.issue(em, actor.userId);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'auth.recovery_codes_issued',
        targetType: 'user',
        targetId: actor.userId,
      });
      return { recoveryCodes: codes };
    });
  }

  /** After a factor is added: the first set of recovery codes, and the session is let through. */
  private async enrolled(em: EntityManager, actor: Actor): Promise<string[] | null> {
    if (actor.enrolmentPending) await this.sessions.completeEnrolment(em, actor.sessionId);
    if ((await this.recovery.remaining(em, actor.userId)) > 0) return null;
    return this.recovery.issue(em, actor.userId);
  }

  // -------------------------------------------------------------------------------------------
  // Checks at sign-in

  passkeyAuthenticationOptions(
    userId: string,
  ): Promise<Ceremony<PublicKeyCredentialRequestOptionsJSON> | null> {
    return this.transactions.run((em) => this.passkeys.authenticationOptions(em, userId));
  }

  /** True when the proof is good; every proof is single-use. */
  verify(
    em: EntityManager,
    userId: string,
    proof: {
      code?: string;
      recoveryCode?: string;
      passkey?: { ceremonyToken: string; response: AuthenticationResponseJSON };
    },
  ): Promise<boolean> {
    if (proof.passkey)
      return this.passkeys.authenticate(
        em,
        userId,
        proof.passkey.ceremonyToken,
        proof.passkey.response,
      );
    if (proof.recoveryCode) return this.recovery.spend(em, userId, proof.recoveryCode);
    if (proof.code) return this.totp.verify(em, userId, proof.code);
    return Promise.resolve(false);
  }
}
