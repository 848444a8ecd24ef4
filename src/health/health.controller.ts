import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Public } from '../common/decorators/access.decorators.js';
import {
  HealthCheckResponse,
  HealthIndicatorResponse,
  HealthResponse,
} from './dto/health.response.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@ApiExtraModels(HealthIndicatorResponse)
@Controller('api/v1/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** "ok" once the database answers (API.md) */
  @Get()
  @Public()
  @ApiErrors(503)
  check(): Promise<HealthResponse> {
    return this.health.check();
  }

  /** Liveness: the process is serving; restart it if this fails */
  @Get('live')
  @Public()
  @ApiErrors(503)
  live(): Promise<HealthCheckResponse> {
    return this.health.live();
  }

  /** Readiness: database, evidence store writable, free disk, PDF renderer launchable; a 503 names what failed */
  @Get('ready')
  @Public()
  @ApiErrors(503)
  ready(): Promise<HealthCheckResponse> {
    return this.health.ready();
  }
}
