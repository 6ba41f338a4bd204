import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { AccessLogged } from '../../platform/http/access-logged.js';
import { Roles } from '../../platform/http/auth.js';
import { download } from '../../platform/http/download.js';
import { ApiProblems, ApiSheetDownload } from '../../platform/http/openapi.js';
import { Write } from '../../platform/http/write-context.decorator.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { CloseYearCommand, type YearClosedAnswer } from '../commands/close-year.js';
import { RecordTownshipFactCommand, type TownshipWritten } from '../commands/record-township-fact.js';
import { ExportPromotionBansQuery, GetEligibilityQuery, GetTownshipQuery, ListOfficialsQuery, ListPromotionBansQuery } from '../queries/township-queries.js';
import { AppointmentDto, BansExportQueryDto, BansQueryDto, DepartureDto, EligibilityQueryDto, TargetDto, YearClosingDto } from './dto.js';
import { BanListResponse, EligibilityResponse, OfficialListResponse, TownshipResponse, TownshipWrittenResponse, YearClosedResponse } from './responses.js';
import { TOWNSHIP_ROLES } from '../roles.js';

/** Townships' figures and bans are read by those who judge (supervisor, auditor) and those who set them. */

/** The problems a write on a township can answer. */
const TownshipWriteProblems = () => ApiProblems(400, 401, 403, 404, 409, 412, 413, 422);

@ApiTags('townships')
@ApiBearerAuth()
@Controller('v1/townships')
export class TownshipsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':unitId/officials')
  @ApiOperation({ summary: '任命干部 / Appoint an official' })
  @HttpCode(201)
  @Roles(...TOWNSHIP_ROLES.AppointOfficial)
  @ApiCreatedResponse({ type: TownshipWrittenResponse })
  @TownshipWriteProblems()
  appoint(@Param('unitId') unitId: string, @Body() b: AppointmentDto, @Write() w: WriteContext): Promise<TownshipWritten> {
    return this.commands.execute(new RecordTownshipFactCommand({ type: 'AppointOfficial', unitId, ...b }, w));
  }

  @Post(':unitId/officials/:officialId/departure')
  @ApiOperation({ summary: "登记干部离任 / Record an official's departure" })
  @HttpCode(201)
  @Roles(...TOWNSHIP_ROLES.RecordDeparture)
  @ApiCreatedResponse({ type: TownshipWrittenResponse })
  @TownshipWriteProblems()
  depart(
    @Param('unitId') unitId: string,
    @Param('officialId') officialId: string,
    @Body() b: DepartureDto,
    @Write() w: WriteContext,
  ): Promise<TownshipWritten> {
    return this.commands.execute(new RecordTownshipFactCommand({ type: 'RecordDeparture', unitId, officialId, ...b }, w));
  }

  @Post(':unitId/targets')
  @ApiOperation({ summary: '设定年度目标 / Set a yearly target' })
  @HttpCode(201)
  @Roles(...TOWNSHIP_ROLES.SetAnnualTarget)
  @ApiCreatedResponse({ type: TownshipWrittenResponse })
  @TownshipWriteProblems()
  target(@Param('unitId') unitId: string, @Body() b: TargetDto, @Write() w: WriteContext): Promise<TownshipWritten> {
    return this.commands.execute(new RecordTownshipFactCommand({ type: 'SetAnnualTarget', unitId, year: b.year, target: b.target.amount }, w));
  }

  @Post(':unitId/year-closings')
  @ApiOperation({ summary: '年度结算 / Close a year' })
  @HttpCode(201)
  @Roles(...TOWNSHIP_ROLES.CloseYear)
  @ApiCreatedResponse({ type: YearClosedResponse })
  @TownshipWriteProblems()
  close(@Param('unitId') unitId: string, @Body() b: YearClosingDto, @Write() w: WriteContext): Promise<YearClosedAnswer> {
    return this.commands.execute(new CloseYearCommand(unitId, b.year, b.closedOn, b.revises === true, b.reason ?? null, w));
  }

  @ApiOperation({ summary: '乡镇领导任职 / Officials of a township' })
  @Get(':unitId/officials')
  @Roles(...TOWNSHIP_ROLES.ListOfficials)
  @ApiOkResponse({ type: OfficialListResponse, description: "the township's officials with their posts and dates" })
  @ApiProblems(401, 403, 404)
  officials(@Param('unitId') unitId: string) {
    return this.queries.execute(new ListOfficialsQuery(unitId));
  }

  @Get(':unitId')
  @ApiOperation({ summary: '乡镇目标与完成 / Township targets and actuals' })
  @Roles(...TOWNSHIP_ROLES.GetTownship)
  @ApiOkResponse({ type: TownshipResponse })
  @ApiProblems(401, 403, 404)
  get(@Param('unitId') unitId: string) {
    return this.queries.execute(new GetTownshipQuery(unitId));
  }
}

@ApiTags('townships')
@ApiBearerAuth()
@Controller('v1')
export class PromotionController {
  constructor(private readonly queries: QueryBus) {}

  @Get('officials/:officialId/promotion-eligibility')
  @ApiOperation({ summary: '提拔资格查询 / Promotion eligibility' })
  @Roles(...TOWNSHIP_ROLES.GetEligibility)
  @ApiOkResponse({ type: EligibilityResponse })
  @ApiProblems(400, 401, 403, 404)
  eligibility(@Param('officialId') officialId: string, @Query() q: EligibilityQueryDto) {
    return this.queries.execute(new GetEligibilityQuery(officialId, q.on));
  }

  @Get('promotion-bans')
  @ApiOperation({ summary: '提拔限制名录 / Promotion-ban register' })
  @Roles(...TOWNSHIP_ROLES.ListPromotionBans)
  @ApiOkResponse({ type: BanListResponse })
  @ApiProblems(400, 401, 403)
  bans(@Query() q: BansQueryDto) {
    return this.queries.execute(new ListPromotionBansQuery(q.activeOn));
  }

  @Get('promotion-bans/export')
  @ApiOperation({ summary: '下载提拔限制名录 / Download the promotion-ban register' })
  @AccessLogged()
  @Roles(...TOWNSHIP_ROLES.ExportPromotionBans)
  @ApiSheetDownload('the promotion-ban register (every ban ever derived, or those in force on ?activeOn)')
  @ApiProblems(400, 401, 403)
  async export(@Query() q: BansExportQueryDto): Promise<StreamableFile> {
    return download(await this.queries.execute(new ExportPromotionBansQuery(q.format, q.lang ?? 'zh', q.activeOn)));
  }
}
