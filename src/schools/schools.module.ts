import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { SchoolSignInController } from './school-sign-in.controller.js';
import { SchoolSignInService } from './school-sign-in.service.js';
import { PolicyController } from './policy.controller.js';
import { PolicyService } from './policy.service.js';
import { SchoolsService } from './schools.service.js';

@Module({
  imports: [AuditModule],
  controllers: [PolicyController, SchoolSignInController],
  providers: [SchoolsService, PolicyService, SchoolSignInService],
  exports: [SchoolsService, PolicyService, SchoolSignInService],
})
export class SchoolsModule {}
