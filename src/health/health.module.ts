import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PdfModule } from '../platform/pdf/pdf.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { ReadinessIndicators } from './readiness-indicators.js';

@Module({
  // terminus logs each failed check itself; HealthService logs one line per failure instead.
  imports: [TerminusModule.forRoot({ logger: false }), PdfModule],
  controllers: [HealthController],
  providers: [HealthService, ReadinessIndicators],
})
export class HealthModule {}
