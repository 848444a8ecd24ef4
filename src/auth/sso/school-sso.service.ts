import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { AuditService } from '../../audit/audit.service.js';
import { TransactionRunner } from '../../common/database/transaction-runner.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { AppConfig } from '../../config/app-config.js';
import { ProviderSettings, SchoolSignInService } from '../../schools/school-sign-in.service.js';
import { NO_PASSWORD, UsersService } from '../../users/users.service.js';
import { AuthService } from '../auth.service.js';
import { LoginResponse } from '../dto/me.response.js';
import { LoginThrottleService } from '../throttle/login-throttle.service.js';
import { AuthTokensService } from '../tokens/auth-tokens.service.js';

/** Long enough to type a password and a code at the provider; the state is single-use. */
const ATTEMPT_TTL_MS = 10 * 60 * 1000;
/** Providers' metadata changes rarely; keys rotate, and openid-client refetches them itself. */
const DISCOVERY_TTL_MS = 10 * 60 * 1000;

export const SSO_CALLBACK_PATH = '/login/sso/callback';

interface Attempt {
  schoolId: string;
  codeVerifier: string;
  nonce: string;
  next: string;
}

export type SsoRefusal =
  | 'no_provider'
  | 'state'
  | 'provider_error'
  | 'email_unverified'
  | 'domain'
  | 'no_account'
  | 'disabled';

const WORDS: Record<SsoRefusal, string> = {
  no_provider: 'Your school does not sign in with a school account here. Use your password.',
  state: 'That sign-in had expired or was already used. Start again.',
  provider_error: 'Your school account could not sign you in. Start again.',
  email_unverified: 'Your school account did not confirm your email address.',
  domain: 'That email address is not one your school lets sign in here.',
  no_account: 'There is no account for that email address. Ask your school’s admin to add you.',
  disabled: 'That account has been deactivated. Ask your school’s admin.',
};

/**
 * "Sign in with your school account": OpenID Connect, authorization code with PKCE, through
 * openid-client. A person is matched by their verified email to an existing account; nobody
 * gets a role by signing in, unless their school switched on staff for unknown people of its
 * domains. The provider answers for the second factor: sessions opened here never ask for one.
 */
@Injectable()
export class SchoolSsoService {
  private readonly logger = new Logger(SchoolSsoService.name);
  private readonly discovered = new Map<
    string,
    { at: number; config: Promise<oidc.Configuration> }
  >();

  constructor(
    private readonly settings: SchoolSignInService,
    private readonly tokens: AuthTokensService,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottleService,
  ) {}

  get callbackUrl(): string {
    return `${this.config.publicUrl}${SSO_CALLBACK_PATH}`;
  }

  /** Where to send the browser: the school's provider, with PKCE, state and nonce. */
  async start(email: string, next: string, address: string): Promise<URL> {
    await this.throttle.admitSsoStart(address);
    const provider = await this.settings.providerForEmail(email);
    if (!provider) throw refusal('no_provider');
    const configuration = await this.configuration(provider).catch((error: Error) => {
      this.logger.warn(`provider of school ${provider.schoolId} unreachable: ${error.message}`);
      throw refusal('provider_error');
    });
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const { token: state } = await this.transactions.run((em) =>
      this.tokens.issue(em, {
        userId: null,
        purpose: 'oidc',
        ttlMs: ATTEMPT_TTL_MS,
        payload: { schoolId: provider.schoolId, codeVerifier, nonce, next } satisfies Attempt,
      }),
    );
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      login_hint: email.trim().toLowerCase(),
    });
  }

  /**
   * The provider sent the browser back. `query` is the callback's query string as received.
   * Every refusal is audited and opens no session.
   */
  async finish(query: string): Promise<LoginResponse & { next: string }> {
    const params = new URLSearchParams(query);
    const state = params.get('state') ?? '';
    // Spent first: a replayed callback (the same state and code again) finds nothing.
    const attemptRow = await this.transactions.run((em) => this.tokens.redeem(em, 'oidc', state));
    if (!attemptRow) return this.refuse('state', null);
    const attempt = JSON.parse(attemptRow.payload ?? '{}') as Attempt;
    const provider = await this.settings.provider(attempt.schoolId);
    if (!provider) return this.refuse('no_provider', attempt.schoolId);

    let claims: { email?: unknown; email_verified?: unknown; name?: unknown } | undefined;
    try {
      const configuration = await this.configuration(provider);
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        new URL(`${this.callbackUrl}?${params.toString()}`),
        {
          pkceCodeVerifier: attempt.codeVerifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        },
      );
      const idToken = tokens.claims();
      claims = idToken as typeof claims;
      // Providers may put scope claims in the ID token (Microsoft, Google) or only behind the
      // UserInfo endpoint (the spec's default): ask there when the token has no address.
      if (idToken && typeof idToken.email !== 'string') {
        claims = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      }
    } catch (error) {
      this.logger.warn(
        `sign-in for school ${attempt.schoolId} refused by the provider exchange: ${(error as Error).name}`,
      );
      return this.refuse('provider_error', attempt.schoolId);
    }
    const email = typeof claims?.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims?.email_verified !== true) {
      return this.refuse('email_unverified', attempt.schoolId);
    }
    if (!provider.allowedDomains.includes(email.split('@')[1] ?? '')) {
      return this.refuse('domain', attempt.schoolId);
    }
    let user = await this.users.findByEmail(email);
    if (user?.disabledAt) return this.refuse('disabled', attempt.schoolId, user.id);
    if (!user) {
      if (!provider.staffForUnknownPeople) return this.refuse('no_account', attempt.schoolId);
      user = await this.provision(
        provider,
        email,
        typeof claims.name === 'string' ? claims.name : email,
      );
    }
    const session = await this.auth.openSession(user.id, email, {
      method: 'sso',
      detail: { schoolId: attempt.schoolId },
    });
    return { ...session, next: attempt.next };
  }

  /** A verified person of an allowed domain, where the school gives such people the staff role. */
  private async provision(provider: ProviderSettings, email: string, name: string) {
    return this.transactions.run(async (em) => {
      const user = await this.users.create(em, {
        email,
        name: name.slice(0, 200) || email,
        passwordHash: NO_PASSWORD,
      });
      await this.users.grant(em, user.id, provider.schoolId, 'staff');
      await this.audit.append(em, {
        actorId: user.id,
        action: 'people.added',
        targetType: 'user',
        targetId: user.id,
        schoolId: provider.schoolId,
        detail: { roles: ['staff'], via: 'school_account' },
      });
      return user;
    });
  }

  private async refuse(
    reason: SsoRefusal,
    schoolId: string | null,
    userId: string | null = null,
  ): Promise<never> {
    await this.audit.record({
      actorId: null,
      action: 'auth.sso_refused',
      targetType: userId ? 'user' : null,
      targetId: userId,
      schoolId,
      detail: { reason },
    });
    throw refusal(reason);
  }

  private configuration(provider: ProviderSettings): Promise<oidc.Configuration> {
    // Keyed by everything the admin can change, so a saved change takes effect at once.
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          provider.schoolId,
          provider.issuer,
          provider.clientId,
          provider.clientSecret,
        ]),
      )
      .digest('hex');
    const cached = this.discovered.get(key);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    // Plain http only outside production (a provider on this machine in tests and demos);
    // production refuses non-https issuers when they are saved.
    const insecure = !this.config.production && provider.issuer.startsWith('http://');
    const config = oidc.discovery(
      new URL(provider.issuer),
      provider.clientId,
      undefined,
      oidc.ClientSecretPost(provider.clientSecret),
      insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
    config.catch(() => this.discovered.delete(key));
    this.discovered.set(key, { at: Date.now(), config });
    return config;
  }
}

function refusal(reason: SsoRefusal): DomainException {
  const error = new DomainException(401, 'AUTH_SSO_REFUSED', WORDS[reason]);
  error.extra = { reason };
  return error;
}
