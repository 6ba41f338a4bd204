import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { parsePeriod, type Period } from '../../kernel/index.js';
import { AccessLogged } from '../../platform/http/access-logged.js';
import { Roles } from '../../platform/http/auth.js';
import { download } from '../../platform/http/download.js';
import { ApiProblems, ApiSheetDownload } from '../../platform/http/openapi.js';
import { ProblemException, problem } from '../../platform/http/problem.js';
import { Write } from '../../platform/http/write-context.decorator.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { IssueAssessmentPolicyCommand, type PolicyIssued } from '../commands/issue-policy.js';
import {
  ExportAssessmentQuery,
  ExportStalledQuery,
  GetAssessmentQuery,
  GetRatesQuery,
  GetStalledQuery,
  ListAssessmentPoliciesQuery,
  GetProgressQuery,
  ExportProgressQuery,
} from '../queries/assessment-queries.js';
import { AssessmentExportDto, AssessmentPolicyDto, ExportDto, AssessmentQueryDto, RatesQueryDto, StalledExportDto, StalledQueryDto } from './dto.js';
import {
  AssessmentPolicyIssuedResponse,
  AssessmentPolicyListResponse,
  AssessmentResponse,
  ProgressResponse,
  RatesResponse,
  StalledResponse,
} from './responses.js';
import { ASSESSMENT_ROLES } from '../roles.js';

/** Assessment is read by those who judge (supervisor, auditor) and those who run it (assessor, admin). */

function invalid(field: string, detail: string): ProblemException {
  return new ProblemException(problem(400, detail, { errors: [{ field, message: detail }] }));
}

function period(text: string): Period {
  const parsed = parsePeriod(text);
  if (parsed === null) throw invalid('period', 'period must be a year 2026, a half 2026-H1, a quarter 2026-Q1 or a month 2026-03');
  return parsed;
}

@ApiTags('set-up')
@ApiBearerAuth()
@Controller('v1/policies/assessment')
export class AssessmentPoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiOperation({ summary: '考核政策列表 / List assessment policies' })
  @Get()
  @Roles(...ASSESSMENT_ROLES.ListAssessmentPolicies)
  @ApiOkResponse({ type: AssessmentPolicyListResponse, description: 'every assessment policy in the order issued' })
  @ApiProblems(401, 403)
  list() {
    return this.queries.execute(new ListAssessmentPoliciesQuery());
  }

  @Post()
  @ApiOperation({ summary: '发布考核政策 / Issue an assessment policy' })
  @HttpCode(201)
  @Roles(...ASSESSMENT_ROLES.IssueAssessmentPolicy)
  @ApiCreatedResponse({ type: AssessmentPolicyIssuedResponse })
  @ApiProblems(400, 401, 403, 409, 412, 413, 422)
  issue(@Body() b: AssessmentPolicyDto, @Write() write: WriteContext): Promise<PolicyIssued> {
    const { minimumProjectCny, ...rules } = b;
    return this.commands.execute(new IssueAssessmentPolicyCommand({ ...rules, minimumProjectCny: minimumProjectCny.amount }, write));
  }
}

/**
 * Registered before the projects module, so `/v1/projects/stalled` is not taken for a project id.
 */
@ApiTags('assessment')
@ApiBearerAuth()
@Controller('v1')
export class AssessmentController {
  constructor(private readonly queries: QueryBus) {}

  @Get('assessments/:period')
  @ApiOperation({ summary: '考核排名 / Assessment ranking' })
  @AccessLogged()
  @Roles(...ASSESSMENT_ROLES.GetAssessment)
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiProblems(400, 401, 403)
  assessment(@Param('period') p: string, @Query() q: AssessmentQueryDto) {
    return this.queries.execute(new GetAssessmentQuery(period(p), q.kind ?? 'county'));
  }

  @Get('assessments/:period/export')
  @ApiOperation({ summary: '下载考核排名 / Download the assessment ranking' })
  @AccessLogged()
  @Roles(...ASSESSMENT_ROLES.ExportAssessment)
  @ApiSheetDownload('the ranking of the period')
  @ApiProblems(400, 401, 403)
  async exportAssessment(@Param('period') p: string, @Query() q: AssessmentExportDto): Promise<StreamableFile> {
    const query = new GetAssessmentQuery(period(p), q.kind ?? 'county');
    return download(await this.queries.execute(new ExportAssessmentQuery(query, { format: q.format, language: q.lang ?? 'zh' })));
  }

  @ApiOperation({ summary: '各县区招商引资完成情况 / County progress report' })
  @Get('reports/county-progress/:period')
  @Roles(...ASSESSMENT_ROLES.GetProgress)
  @ApiOkResponse({
    type: ProgressResponse,
    description: '各县区招商引资完成情况表: per county, signed, committed and arrived for the period and the year to date, against targets',
  })
  @ApiProblems(400, 401, 403)
  progress(@Param('period') p: string) {
    return this.queries.execute(new GetProgressQuery(period(p)));
  }

  @ApiOperation({ summary: '导出各县区完成情况表 / Export the county progress report' })
  @Get('reports/county-progress/:period/export')
  @AccessLogged()
  @Roles(...ASSESSMENT_ROLES.ExportProgress)
  @ApiSheetDownload('各县区招商引资完成情况表 of the period, with totals and a signature block')
  @ApiProblems(400, 401, 403, 503)
  async exportProgress(@Param('period') p: string, @Query() q: ExportDto): Promise<StreamableFile> {
    return download(await this.queries.execute(new ExportProgressQuery(period(p), q.format, q.lang ?? 'zh')));
  }

  @Get('units/:unitId/rates')
  @ApiOperation({ summary: '单位三率 / Unit rates' })
  @Roles(...ASSESSMENT_ROLES.GetRates)
  @ApiOkResponse({ type: RatesResponse })
  @ApiProblems(400, 401, 403, 404)
  rates(@Param('unitId') unitId: string, @Query() q: RatesQueryDto) {
    if (q.signedFrom !== undefined && q.signedTo !== undefined && q.signedFrom > q.signedTo) {
      throw invalid('signedTo', 'signedTo must be on or after signedFrom');
    }
    return this.queries.execute(new GetRatesQuery(unitId, q.signedFrom, q.signedTo));
  }

  @Get('projects/stalled')
  @ApiOperation({ summary: '停滞项目 / Stalled projects' })
  @Roles(...ASSESSMENT_ROLES.GetStalled)
  @ApiOkResponse({ type: StalledResponse })
  @ApiProblems(400, 401, 403)
  stalled(@Query() q: StalledQueryDto) {
    return this.queries.execute(stalledQuery(q));
  }

  @Get('projects/stalled/export')
  @ApiOperation({ summary: '下载停滞项目 / Download stalled projects' })
  @AccessLogged()
  @Roles(...ASSESSMENT_ROLES.ExportStalled)
  @ApiSheetDownload('the stalled projects')
  @ApiProblems(400, 401, 403)
  async exportStalled(@Query() q: StalledExportDto): Promise<StreamableFile> {
    return download(await this.queries.execute(new ExportStalledQuery(stalledQuery(q), { format: q.format, language: q.lang ?? 'zh' })));
  }
}

function stalledQuery(q: StalledQueryDto): GetStalledQuery {
  return new GetStalledQuery(q.asOf, q.days === undefined ? undefined : Number(q.days));
}
