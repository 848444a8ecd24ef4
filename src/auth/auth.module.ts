import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PASSWORD_HASH_COST, PASSWORD_HASH_COST_TOKEN, PasswordHasher } from './password-hasher.js';
import { SessionService } from './session.service.js';

@Module({
  imports: [UsersModule, AuditModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionService,
    LoginThrottleService,
    PasswordHasher,
    { provide: PASSWORD_HASH_COST_TOKEN, useValue: PASSWORD_HASH_COST },
  ],
  exports: [SessionService, PasswordHasher, AuthService],
})
export class AuthModule {}
