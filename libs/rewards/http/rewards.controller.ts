import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { AccessLogged } from '../../platform/http/access-logged.js';
import { Roles } from '../../platform/http/auth.js';
import { download } from '../../platform/http/download.js';
import { ApiProblems, ApiSheetDownload } from '../../platform/http/openapi.js';
import { ProblemException, problem } from '../../platform/http/problem.js';
import { LEDGER_ID } from '../../platform/http/validation.js';
import { Write } from '../../platform/http/write-context.decorator.js';
import { IssueRewardPolicyCommand, RepealRewardPolicyCommand, type PolicyWritten } from '../commands/policy-commands.js';
import { RecordPayoutCommand, type PayoutWritten } from '../commands/record-payout.js';
import {
  ExportStatementQuery,
  ExportStatementsQuery,
  GetPeriodStatementsQuery,
  GetStatementQuery,
  ListRewardPoliciesQuery,
} from '../queries/statement-queries.js';
import { HALF_YEAR, PayoutDto, RepealDto, RewardPolicyDto, StatementsExportDto } from './dto.js';
import { PayoutWrittenResponse, PeriodStatementsResponse, RewardPolicyListResponse, RewardPolicyWrittenResponse, StatementResponse } from './responses.js';
import { REWARD_ROLES } from '../roles.js';

/** Statements are finance's; auditors and supervisors read every projection. */

function halfYear(period: string): string {
  if (!HALF_YEAR.test(period)) {
    const detail = 'period must be a half year like 2026-H1';
    throw new ProblemException(problem(400, detail, { errors: [{ field: 'period', message: detail }] }));
  }
  return period;
}

/** An id outside the ledger's id alphabet names nobody. */
function referrer(referrerId: string): string {
  if (!LEDGER_ID.test(referrerId)) throw new ProblemException(problem(404, `no referrer ${referrerId}`));
  return referrerId;
}

@ApiTags('set-up')
@ApiBearerAuth()
@Controller('v1/policies/referrer-reward')
export class RewardPoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiOperation({ summary: '奖励政策列表 / List reward policies' })
  @Get()
  @Roles(...REWARD_ROLES.ListRewardPolicies)
  @ApiOkResponse({ type: RewardPolicyListResponse, description: 'every reward policy in the order issued, with its repeal' })
  @ApiProblems(401, 403)
  list() {
    return this.queries.execute(new ListRewardPoliciesQuery());
  }

  @Post()
  @ApiOperation({ summary: '发布引荐奖励政策 / Issue a referrer-reward policy' })
  @HttpCode(201)
  @Roles(...REWARD_ROLES.IssueRewardPolicy)
  @ApiCreatedResponse({ type: RewardPolicyWrittenResponse })
  @ApiProblems(400, 401, 403, 409, 412, 413, 422)
  issue(@Body() b: RewardPolicyDto, @Write() write: WriteContext): Promise<PolicyWritten> {
    return this.commands.execute(new IssueRewardPolicyCommand(b, write));
  }

  @Post('repeal')
  @ApiOperation({ summary: '废止引荐奖励政策 / Repeal a referrer-reward policy' })
  @HttpCode(201)
  @Roles(...REWARD_ROLES.RepealRewardPolicy)
  @ApiCreatedResponse({ type: RewardPolicyWrittenResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 422)
  repeal(@Body() b: RepealDto, @Write() write: WriteContext): Promise<PolicyWritten> {
    return this.commands.execute(new RepealRewardPolicyCommand(b, write));
  }
}

@ApiTags('finance')
@ApiBearerAuth()
@Controller('v1')
export class StatementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('referrers/:referrerId/statements/:period')
  @ApiOperation({ summary: '引荐人结算单 / Referrer statement' })
  @AccessLogged()
  @Roles(...REWARD_ROLES.GetStatement)
  @ApiOkResponse({ type: StatementResponse })
  @ApiProblems(400, 401, 403, 404)
  statement(@Param('referrerId') referrerId: string, @Param('period') period: string) {
    return this.queries.execute(new GetStatementQuery(referrer(referrerId), halfYear(period)));
  }

  @ApiOperation({ summary: '导出引荐人结算单 / Export a referrer statement' })
  @Get('referrers/:referrerId/statements/:period/export')
  @AccessLogged()
  @Roles(...REWARD_ROLES.ExportStatement)
  @ApiSheetDownload("one referrer's statement for the period, with names, totals and a signature block (pdf for printing)")
  @ApiProblems(400, 401, 403, 404, 503)
  async exportOne(@Param('referrerId') referrerId: string, @Param('period') period: string, @Query() q: StatementsExportDto): Promise<StreamableFile> {
    const file = await this.queries.execute(new ExportStatementQuery(referrer(referrerId), halfYear(period), q.format, q.lang ?? 'zh'));
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }

  @Post('referrers/:referrerId/payouts')
  @ApiOperation({ summary: '登记奖励支付 / Record a payout' })
  @HttpCode(201)
  @Roles(...REWARD_ROLES.RecordPayout)
  @ApiCreatedResponse({ type: PayoutWrittenResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 422)
  pay(@Param('referrerId') referrerId: string, @Body() b: PayoutDto, @Write() write: WriteContext): Promise<PayoutWritten> {
    return this.commands.execute(new RecordPayoutCommand({ referrerId: referrer(referrerId), ...b }, write));
  }

  @Get('statements/:period')
  @ApiOperation({ summary: '本期全部结算单 / Statements of a period' })
  @AccessLogged()
  @Roles(...REWARD_ROLES.GetPeriodStatements)
  @ApiOkResponse({ type: PeriodStatementsResponse })
  @ApiProblems(400, 401, 403)
  statements(@Param('period') period: string) {
    return this.queries.execute(new GetPeriodStatementsQuery(halfYear(period)));
  }

  @Get('statements/:period/export')
  @ApiOperation({ summary: '下载本期结算单 / Download the statements of a period' })
  @AccessLogged()
  @Roles(...REWARD_ROLES.ExportStatements)
  @ApiSheetDownload("every referrer's statement for the period")
  @ApiProblems(400, 401, 403, 503)
  async export(@Param('period') period: string, @Query() q: StatementsExportDto): Promise<StreamableFile> {
    return download(await this.queries.execute(new ExportStatementsQuery(halfYear(period), q.format, q.lang ?? 'zh')));
  }
}
