import { Module } from '@nestjs/common';
import { WorkingDayCalendar } from '../common/clock/working-days.js';
import { AppConfig } from '../config/app-config.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { CaseWriter } from './case-writer.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [UsersModule, SchoolsModule],
  controllers: [CasesController],
  providers: [
    CasesService,
    CaseWriter,
    {
      provide: WorkingDayCalendar,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new WorkingDayCalendar(config.extraBankHolidays),
    },
  ],
  exports: [CasesService, CaseWriter, WorkingDayCalendar],
})
export class CasesModule {}
