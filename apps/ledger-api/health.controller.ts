import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { EventStore } from '../../libs/event-store/index.js';
import { Projector } from '../../libs/projector/index.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { Public } from '../../libs/platform/http/auth.js';

/** `GET /health` (open). */
export class HealthResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ description: 'the event store in use', example: 'sqlite' }) store!: string;
  @ApiProperty({ type: 'integer', description: "the ledger's last global position" }) head!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'each projection and the global position it has applied', example: { projects: 42 } })
  projections!: Record<string, number>;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  @Get()
  @ApiOperation({ summary: '健康检查 / Health check' })
  @Public()
  @ApiOkResponse({ type: HealthResponse })
  async health() {
    return { status: 'ok', store: this.store.kind, head: await this.store.headPosition(), projections: this.projector.positions() };
  }
}
