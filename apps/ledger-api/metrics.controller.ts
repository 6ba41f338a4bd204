import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../../libs/platform/http/auth.js';
import { MetricsAccess } from '../../libs/platform/http/metrics-access.js';
import { ApiProblems } from '../../libs/platform/http/openapi.js';
import { LedgerMetrics } from '../../libs/platform/metrics.js';

const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';

/** `GET /metrics`: Prometheus text for a scraper with the scrape token, an admin or a supervisor. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @ApiOperation({ summary: '运行指标 / Prometheus metrics' })
  @Public()
  @UseGuards(MetricsAccess)
  @Header('Content-Type', EXPOSITION)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiProduces(EXPOSITION)
  @ApiOkResponse({
    description: 'Prometheus text exposition: writes, refusals by rule, conflicts, write latency, projector lag, queue depth',
    schema: { type: 'string' },
  })
  @ApiProblems(401, 403)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
