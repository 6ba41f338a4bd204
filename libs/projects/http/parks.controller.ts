import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { NotFound } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { PROJECT_ROLES } from '../roles.js';
import { Roles } from '../../platform/http/auth.js';
import { ApiProblems } from '../../platform/http/openapi.js';
import { Write } from '../../platform/http/write-context.decorator.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { RegisterParkCommand, type ParkWritten } from '../commands/register-park.js';
import type { Park } from '../domain/parks.js';
import { findPark, listParks } from '../read-model/parks.projection.js';
import { unitsWithin } from '../read-model/units.projection.js';
import { ListParksDto, ParkDto } from './dto.js';
import { ParkListResponse, ParkResponse, ParkWrittenResponse } from './responses.js';

/** The park registry: a lead's parkId must name a registered park. */
@ApiTags('set-up')
@ApiBearerAuth()
@Controller('v1/parks')
export class ParksController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  @ApiOperation({ summary: '登记园区 / Register a park' })
  @Post()
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.RegisterPark)
  @ApiCreatedResponse({ type: ParkWrittenResponse })
  @ApiProblems(400, 401, 403, 409, 413, 422)
  register(@Body() body: ParkDto, @Write() write: WriteContext): Promise<ParkWritten> {
    return this.commands.execute(new RegisterParkCommand(body, write));
  }

  @ApiOperation({ summary: '园区列表 / List parks' })
  @Get()
  @Roles(...PROJECT_ROLES.ListParks)
  @ApiOkResponse({ type: ParkListResponse })
  @ApiProblems(400, 401)
  list(@Query() q: ListParksDto): { items: Park[] } {
    return { items: listParks(this.db, q.unitId === undefined ? undefined : unitsWithin(this.db, q.unitId)) };
  }

  @ApiOperation({ summary: '园区详情 / A park' })
  @Get(':parkId')
  @Roles(...PROJECT_ROLES.ListParks)
  @ApiOkResponse({ type: ParkResponse })
  @ApiProblems(401, 404)
  one(@Param('parkId') parkId: string): Park {
    const park = findPark(this.db, parkId);
    if (!park) throw new NotFound(`no park ${parkId}`);
    return park;
  }
}
