import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/access.decorators.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('api/v1/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  check(): Promise<{ status: 'ok' }> {
    return this.health.check();
  }
}
