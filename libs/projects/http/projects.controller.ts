import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile, applyDecorators } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Forbidden, parseInstant } from '../../kernel/index.js';
import type { Principal } from '../../platform/tokens.js';
import { AccessLogged } from '../../platform/http/access-logged.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth.js';
import { Write } from '../../platform/http/write-context.decorator.js';
import { ProblemException, problem } from '../../platform/http/problem.js';
import { instantMessage } from '../../platform/http/validation.js';
import { ApiProblems, ApiSheetDownload } from '../../platform/http/openapi.js';
import type { ExportFile } from '../../platform/export/files.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import type { LeadRequest } from '../domain/commands.js';
import { RecordProjectFactCommand } from '../commands/record-project-fact.js';
import { RegisterLeadCommand } from '../commands/register-lead.js';
import type { ProjectWritten } from '../commands/project-written.js';
import { ExportLedgerQuery, GetProjectEventsQuery, GetProjectQuery, ListProjectsQuery } from '../queries/project-queries.js';
import {
  AbandonmentDto,
  AssignReferrerDto,
  CompletionDto,
  CreateProjectDto,
  CreditDto,
  ExportLedgerDto,
  FundingDto,
  GroundbreakingDto,
  ListProjectsDto,
  ProductionDto,
  SigningDto,
  TaxPaymentDto,
  VerificationDto,
  VoidDto,
} from './dto.js';
import { ProjectHistoryResponse, ProjectPageResponse, ProjectViewResponse, ProjectWrittenResponse } from './responses.js';
import { PROJECT_ROLES } from '../roles.js';

const PROJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An instant query parameter with an explicit zone, normalised to the store's ISO UTC form. */
function instant(asOf: string | undefined): string | undefined {
  if (asOf === undefined) return undefined;
  const parsed = parseInstant(asOf);
  if (!parsed) {
    const message = instantMessage('asOf', asOf);
    throw new ProblemException(problem(400, message, { errors: [{ field: 'asOf', message }] }));
  }
  return parsed;
}

/** A recorded fact on an existing project: 201 {projectId, eventId, revision}, or why not. */
const FactAnswers = () => applyDecorators(ApiCreatedResponse({ type: ProjectWrittenResponse }), ApiProblems(400, 401, 403, 404, 409, 412, 413, 422));

@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects')
export class ProjectsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private fact(id: string, command: RecordProjectFactCommand['command'], write: WriteContext): Promise<ProjectWritten> {
    if (!PROJECT_ID.test(id)) throw new ProblemException(problem(404, `no project ${id}`));
    return this.commands.execute(new RecordProjectFactCommand(id, command, write));
  }

  @Post()
  @ApiOperation({ summary: '登记线索 / Register a lead' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.RegisterLead)
  @ApiCreatedResponse({ type: ProjectWrittenResponse, description: 'revision 0' })
  @ApiProblems(400, 401, 403, 409, 413, 422)
  register(@Body() body: CreateProjectDto, @Write() write: WriteContext): Promise<ProjectWritten> {
    const lead: LeadRequest = { type: 'RegisterLead', ...body };
    return this.commands.execute(new RegisterLeadCommand(lead, write));
  }

  @Post(':id/signing')
  @ApiOperation({ summary: '登记签约 / Record a signing' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.Sign)
  @FactAnswers()
  sign(@Param('id') id: string, @Body() b: SigningDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'Sign', ...b }, w);
  }

  @Post(':id/funding-arrivals')
  @ApiOperation({ summary: '登记资金到位 / Record a funding arrival' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.RecordFunding)
  @FactAnswers()
  fund(@Param('id') id: string, @Body() b: FundingDto, @Write() w: WriteContext) {
    const rate = b.amount.cnyRate ?? b.cnyRate;
    const amount = { amount: b.amount.amount, currency: b.amount.currency, ...(rate ? { cnyRate: rate } : {}) };
    return this.fact(id, { type: 'RecordFunding', amount, bankReference: b.bankReference, arrivedOn: b.arrivedOn }, w);
  }

  @Post(':id/groundbreaking')
  @ApiOperation({ summary: '登记开工 / Record groundbreaking' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.BreakGround)
  @FactAnswers()
  breakGround(@Param('id') id: string, @Body() b: GroundbreakingDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'BreakGround', ...b }, w);
  }

  @Post(':id/completion')
  @ApiOperation({ summary: '登记竣工 / Record completion' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.Complete)
  @FactAnswers()
  complete(@Param('id') id: string, @Body() b: CompletionDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'Complete', ...b }, w);
  }

  @Post(':id/production')
  @ApiOperation({ summary: '登记投产 / Record the start of production' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.StartProduction)
  @FactAnswers()
  produce(@Param('id') id: string, @Body() b: ProductionDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'StartProduction', ...b }, w);
  }

  @Post(':id/tax-payments')
  @ApiOperation({ summary: '登记纳税 / Record a tax payment' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.RecordTax)
  @FactAnswers()
  tax(@Param('id') id: string, @Body() b: TaxPaymentDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'RecordTax', ...b }, w);
  }

  @Post(':id/fixed-asset-verifications')
  @ApiOperation({ summary: '登记固定资产核验 / Record a fixed-asset verification' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.VerifyFixedAssets)
  @FactAnswers()
  verify(@Param('id') id: string, @Body() b: VerificationDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'VerifyFixedAssets', ...b }, w);
  }

  @Post(':id/credit')
  @ApiOperation({ summary: '改计单位 / Credit the project to a unit' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.ReassignCredit)
  @FactAnswers()
  credit(@Param('id') id: string, @Body() b: CreditDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'ReassignCredit', ...b }, w);
  }

  @Post(':id/referrer')
  @ApiOperation({ summary: '指定引荐人 / Assign a referrer' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.AssignReferrer)
  @FactAnswers()
  referrer(@Param('id') id: string, @Body() b: AssignReferrerDto, @Write() w: WriteContext) {
    const { assignedOn, ...referrer } = b;
    return this.fact(id, { type: 'AssignReferrer', referrer: { ...referrer }, assignedOn }, w);
  }

  @Post(':id/voids')
  @ApiOperation({ summary: '作废一条事实 / Void a fact' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.VoidFact)
  @FactAnswers()
  voidFact(@Param('id') id: string, @Body() b: VoidDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'VoidFact', ...b }, w);
  }

  @Post(':id/abandonment')
  @ApiOperation({ summary: '终止项目 / Abandon the project' })
  @HttpCode(201)
  @Roles(...PROJECT_ROLES.Abandon)
  @FactAnswers()
  abandon(@Param('id') id: string, @Body() b: AbandonmentDto, @Write() w: WriteContext) {
    return this.fact(id, { type: 'Abandon', ...b }, w);
  }

  @Get()
  @ApiOperation({ summary: '项目列表 / List projects' })
  @Roles(...PROJECT_ROLES.ListProjects)
  @ApiOkResponse({ type: ProjectPageResponse })
  @ApiProblems(400, 401)
  list(@Query() q: ListProjectsDto) {
    const { limit, ...filter } = q;
    return this.queries.execute(new ListProjectsQuery({ ...filter, limit: limit ? Number(limit) : 50 }));
  }

  @ApiOperation({ summary: '导出项目台账 / Export the project ledger' })
  @Get('export')
  @AccessLogged()
  @Roles(...PROJECT_ROLES.ExportLedger)
  @ApiSheetDownload('the project ledger (台账): one row per project with names, money, dates and a totals row; xlsx with filters')
  @ApiProblems(400, 401, 503)
  async export(@Query() q: ExportLedgerDto): Promise<StreamableFile> {
    const { format, lang, ...filter } = q;
    const file: ExportFile = await this.queries.execute(new ExportLedgerQuery(filter, format, lang ?? 'zh'));
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }

  @Get(':id')
  @ApiOperation({ summary: '项目详情 / Read a project' })
  @AccessLogged({ whenQuery: 'asOf' })
  @ApiQuery({ name: 'asOf', required: false, description: 'auditor only: an ISO 8601 instant with a zone; the project as the ledger knew it then' })
  @Roles(...PROJECT_ROLES.GetProject)
  @ApiOkResponse({ type: ProjectViewResponse })
  @ApiProblems(400, 401, 403, 404)
  get(@Param('id') id: string, @Query('asOf') asOf: string | undefined, @CurrentPrincipal() who: Principal) {
    if (asOf !== undefined && !(PROJECT_ROLES.ReplayProject as readonly string[]).includes(who.role)) throw new Forbidden('as-of replay is for auditors');
    return this.queries.execute(new GetProjectQuery(id, instant(asOf)));
  }

  @Get(':id/events')
  @ApiOperation({ summary: '项目全部事件 / Every event of a project' })
  @AccessLogged()
  @ApiQuery({ name: 'asOf', required: false, description: 'an ISO 8601 instant with a zone; the history as the ledger knew it then' })
  @Roles(...PROJECT_ROLES.ReplayProject)
  @ApiOkResponse({ type: ProjectHistoryResponse })
  @ApiProblems(400, 401, 403, 404)
  events(@Param('id') id: string, @Query('asOf') asOf: string | undefined) {
    return this.queries.execute(new GetProjectEventsQuery(id, instant(asOf)));
  }
}
