import { Module } from '@nestjs/common';
import { PolicyController } from './policy.controller.js';
import { PolicyService } from './policy.service.js';
import { SchoolsService } from './schools.service.js';

@Module({
  controllers: [PolicyController],
  providers: [SchoolsService, PolicyService],
  exports: [SchoolsService],
})
export class SchoolsModule {}
