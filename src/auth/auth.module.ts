import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { UsersModule } from '../users/users.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { AccountLinksService } from './account-links.service.js';
import { SchoolSsoService } from './sso/school-sso.service.js';
import { AuthController } from './auth.controller.js';
import { PasswordsController } from './passwords.controller.js';
import { PasswordsService } from './passwords.service.js';
import { AuthService } from './auth.service.js';
import { PASSWORD_HASH_COST, PASSWORD_HASH_COST_TOKEN, PasswordHasher } from './password-hasher.js';
import { FactorsController } from './second-factor/factors.controller.js';
import { PasskeysService } from './second-factor/passkeys.service.js';
import { RecoveryCodesService } from './second-factor/recovery-codes.service.js';
import { SecondFactorService } from './second-factor/second-factor.service.js';
import { TotpService } from './second-factor/totp.service.js';
import { SessionService } from './session.service.js';
import { SignInPruningService } from './sign-in-pruning.service.js';
import { LoginThrottleService } from './throttle/login-throttle.service.js';
import { PersonLimitsService } from './throttle/person-limits.js';
import { RateLimiterFactory } from './throttle/rate-limiter.factory.js';
import { AuthTokensService } from './tokens/auth-tokens.service.js';

@Module({
  imports: [UsersModule, AuditModule, NotificationsModule, SchoolsModule],
  controllers: [AuthController, FactorsController, PasswordsController],
  providers: [
    AuthService,
    SessionService,
    LoginThrottleService,
    PasswordHasher,
    { provide: PASSWORD_HASH_COST_TOKEN, useValue: PASSWORD_HASH_COST },
    RateLimiterFactory,
    PersonLimitsService,
    AuthTokensService,
    TotpService,
    RecoveryCodesService,
    PasskeysService,
    SecondFactorService,
    AccountLinksService,
    PasswordsService,
    SchoolSsoService,
    SignInPruningService,
  ],
  exports: [
    SessionService,
    PasswordHasher,
    AuthService,
    PersonLimitsService,
    LoginThrottleService,
    AuthTokensService,
    SecondFactorService,
    AccountLinksService,
    PasswordsService,
    SchoolSsoService,
    SignInPruningService,
  ],
})
export class AuthModule {}
