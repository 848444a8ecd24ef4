import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { AuthTokensService } from './tokens/auth-tokens.service.js';

/** An invitation link lasts three days: long enough over a weekend, short enough to go stale. */
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;
/** A reset link lasts an hour: the person asked for it a moment ago. */
export const RESET_TTL_MS = 60 * 60 * 1000;

export interface AccountLink {
  to: string;
  userId: string;
  kind: 'invitation' | 'password_reset';
  link: string;
}

/**
 * Single-use links to set a password: an invitation for a new person, a reset for one who
 * forgot. Issued inside the caller's transaction, with the job that mails it.
 */
@Injectable()
export class AccountLinksService {
  constructor(
    private readonly tokens: AuthTokensService,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  async issue(
    em: EntityManager,
    user: { id: string; email: string },
    kind: AccountLink['kind'],
  ): Promise<AccountLink> {
    // A new link replaces any earlier one of the same kind.
    await this.tokens.spendAll(em, user.id, kind);
    const { token } = await this.tokens.issue(em, {
      userId: user.id,
      purpose: kind,
      ttlMs: kind === 'invitation' ? INVITATION_TTL_MS : RESET_TTL_MS,
    });
    const path = kind === 'invitation' ? '/invitation' : '/password/reset';
    const issued: AccountLink = {
      to: user.email,
      userId: user.id,
      kind,
      link: `${this.config.publicUrl}${path}?token=${encodeURIComponent(token)}`,
    };
    // Mailed by the job queue once this commits: no link without its mail, nor mail without it.
    await this.notifications.recordAccountMail(em, issued);
    return issued;
  }
}
