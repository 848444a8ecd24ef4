import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { PeopleImportService } from './people-import.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';

/**
 * The admin's people (list, add, roles, leavers, MIS import). Its own module because adding a
 * person sends an invitation, which is sign-in's business: users/ itself stays below auth/.
 */
@Module({
  imports: [UsersModule, AuthModule, SchoolsModule, AuditModule],
  controllers: [PeopleController],
  providers: [PeopleService, PeopleImportService],
  exports: [PeopleService, PeopleImportService],
})
export class PeopleModule {}
