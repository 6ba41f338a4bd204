import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { EventStore } from '../../libs/event-store/index.js';
import { Projector } from '../../libs/projector/index.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { Public } from '../../libs/platform/http/auth.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  @Get()
  @Public()
  async health() {
    return { status: 'ok', store: this.store.kind, head: await this.store.headPosition(), projections: this.projector.positions() };
  }
}
