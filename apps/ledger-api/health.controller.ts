import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '../../libs/event-store/index.js';
import { Projector } from '../../libs/projector/index.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { Public } from '../../libs/platform/http/auth.js';
import { RETRY_AFTER_SECONDS } from '../../libs/platform/http/problem.js';

export class ProjectorFailureResponse {
  @ApiProperty({ format: 'date-time', description: 'when the read side last failed' }) failedAt!: string;
  @ApiProperty({ description: 'what failed, for the operator', example: 'database or disk is full' }) error!: string;
}

/** `GET /health` (open): 200 while the read models follow the store, 503 (with `projector`) while they do not. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ description: 'the event store in use', example: 'sqlite' }) store!: string;
  @ApiProperty({ type: 'integer', description: "the ledger's last global position" }) head!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'each projection and the global position it has applied',
    example: { projects: 42 },
  })
  projections!: Record<string, number>;
  @ApiPropertyOptional({ type: ProjectorFailureResponse, description: 'only while the read side is down (503); writes are then refused with 503' })
  projector?: ProjectorFailureResponse;
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
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'the read models are not following the store (they retry by themselves)' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const base = { store: this.store.kind, head: await this.store.headPosition(), projections: this.projector.positions() };
    const failure = this.projector.failure();
    if (!failure) return { status: 'ok', ...base };
    reply.status(503).header('Retry-After', String(RETRY_AFTER_SECONDS));
    return { status: 'unavailable', ...base, projector: failure };
  }
}
