import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { Roles } from '../../platform/http/auth.js';
import { ApiProblems } from '../../platform/http/openapi.js';
import { Write } from '../../platform/http/write-context.decorator.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { RegisterUnitCommand, type UnitWritten } from '../commands/register-unit.js';
import { listUnits } from '../read-model/units.projection.js';
import { UnitDto } from './dto.js';
import { UnitListResponse, UnitWrittenResponse } from './responses.js';
import { PROJECT_ROLES } from '../roles.js';

@ApiTags('set-up')
@ApiBearerAuth()
@Controller('v1/units')
export class UnitsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.RegisterUnit)
  @ApiCreatedResponse({ type: UnitWrittenResponse })
  @ApiProblems(400, 401, 403, 409, 413, 422)
  register(@Body() body: UnitDto, @Write() write: WriteContext): Promise<UnitWritten> {
    return this.commands.execute(new RegisterUnitCommand(body, write));
  }

  @Get()
  @Roles(...PROJECT_ROLES.ListUnits)
  @ApiOkResponse({ type: UnitListResponse })
  @ApiProblems(401)
  list() {
    return { items: listUnits(this.db) };
  }
}
