import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { PeopleImportService } from './people-import.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';
import { PolicyAcknowledgementsController } from './policy-acknowledgements.controller.js';
import { PolicyAcknowledgements } from './policy-acknowledgements.service.js';

/**
 * The admin's people (list, add, roles, leavers, MIS import). Its own module because adding a
 * person sends an invitation, which is sign-in's business: users/ itself stays below auth/.
 */
@Module({
  imports: [UsersModule, AuthModule, SchoolsModule, AuditModule],
  controllers: [PeopleController, PolicyAcknowledgementsController],
  providers: [PeopleService, PeopleImportService, PolicyAcknowledgements],
  exports: [PeopleService, PeopleImportService, PolicyAcknowledgements],
})
export class PeopleModule {}
