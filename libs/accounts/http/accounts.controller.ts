import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AccessLogged } from '../../platform/http/access-logged.js';
import { CurrentPrincipal, Public, Roles, clientAddress } from '../../platform/http/auth.js';
import { ApiProblems } from '../../platform/http/openapi.js';
import { Write } from '../../platform/http/write-context.decorator.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import type { Principal } from '../../platform/tokens.js';
import { ChangeAccountCommand, OpenAccountCommand, ResetPasswordCommand, type AccountView, type SetupCodeAnswer } from '../commands/account-commands.js';
import { Sessions, type ApiTokenView, type NewApiToken, type SessionAnswer } from '../commands/sessions.js';
import { AccessLogQuery, AccountHistoryQuery, ListAccountsQuery, meView, type AccessLogPage, type MeView } from '../queries/account-queries.js';
import { AccessLogQueryDto, ChangeAccountDto, CreateAccountDto, CreateApiTokenDto, SetPasswordDto, SignInDto } from './dto.js';
import {
  AccessLogPageResponse,
  AccountHistoryResponse,
  AccountListResponse,
  AccountResponse,
  ApiTokenListResponse,
  CreatedAccountResponse,
  MeResponse,
  NewApiTokenResponse,
  SessionResponse,
  SetupCodeResponse,
} from './responses.js';
import { ACCOUNT_ROLES } from '../roles.js';

/** Answers that carry a secret shown once (a session, a setup code, an API token) are never cached. */
const NoStore = () => Header('Cache-Control', 'no-store');

/** The routes anyone may call without a token; AccountsModule lists them with the Authenticator. */
export const ANONYMOUS_ROUTES = [
  ['POST', '/v1/sessions'],
  ['POST', '/v1/accounts/password'],
] as const;

@ApiTags('accounts')
@Controller('v1/sessions')
export class SessionsController {
  constructor(private readonly sessions: Sessions) {}

  @Post()
  @ApiOperation({ summary: '登录 / Sign in' })
  @Public()
  @HttpCode(201)
  @ApiCreatedResponse({ type: SessionResponse })
  @NoStore()
  @ApiProblems(400, 401, 429)
  signIn(@Body() b: SignInDto, @Req() req: FastifyRequest): Promise<SessionAnswer> {
    return this.sessions.signIn(b.login, b.password, clientAddress(req));
  }

  @Delete('current')
  @ApiOperation({ summary: '退出登录 / Sign out' })
  @ApiBearerAuth()
  @Roles(...ACCOUNT_ROLES.SignOut)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'signed out: the token is refused from the next request on' })
  @ApiProblems(401, 422)
  signOut(@CurrentPrincipal() who: Principal): void {
    this.sessions.signOut(who);
  }
}

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  constructor(private readonly sessions: Sessions) {}

  @Get()
  @ApiOperation({ summary: '当前身份 / Who am I' })
  @Roles(...ACCOUNT_ROLES.Me)
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(401, 403)
  me(@CurrentPrincipal() who: Principal): MeView {
    return meView(who);
  }

  @Get('tokens')
  @ApiOperation({ summary: '我的 API 令牌 / My API tokens' })
  @Roles(...ACCOUNT_ROLES.ListApiTokens)
  @ApiOkResponse({ type: ApiTokenListResponse })
  @ApiProblems(401, 403)
  tokens(@CurrentPrincipal() who: Principal): { tokens: ApiTokenView[] } {
    return { tokens: this.sessions.apiTokens(who) };
  }

  @Post('tokens')
  @ApiOperation({ summary: '创建 API 令牌 / Create an API token' })
  @Roles(...ACCOUNT_ROLES.CreateApiToken)
  @HttpCode(201)
  @ApiCreatedResponse({ type: NewApiTokenResponse })
  @NoStore()
  @ApiProblems(400, 401, 403, 422)
  createToken(@Body() b: CreateApiTokenDto, @CurrentPrincipal() who: Principal): NewApiToken {
    return this.sessions.createApiToken(who, b.name, b.expiresOn ?? null);
  }

  @Delete('tokens/:tokenId')
  @ApiOperation({ summary: '吊销 API 令牌 / Revoke an API token' })
  @Roles(...ACCOUNT_ROLES.RevokeApiToken)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked: the token is refused from the next request on' })
  @ApiProblems(401, 403, 404)
  revokeToken(@Param('tokenId') tokenId: string, @CurrentPrincipal() who: Principal): void {
    this.sessions.revokeApiToken(who, tokenId);
  }
}

@ApiTags('accounts')
@Controller('v1/accounts')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly sessions: Sessions,
  ) {}

  @Post('password')
  @ApiOperation({ summary: '用设置码设置密码 / Set a password with a setup code' })
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the password is set and the setup code used up' })
  @ApiProblems(400, 401, 422, 429)
  async setPassword(@Body() b: SetPasswordDto, @Req() req: FastifyRequest): Promise<void> {
    await this.sessions.setPassword(b.login, b.setupCode, b.password, clientAddress(req));
  }

  @Post()
  @ApiOperation({ summary: '开通账号 / Open an account' })
  @ApiBearerAuth()
  @Roles(...ACCOUNT_ROLES.OpenAccount)
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedAccountResponse })
  @NoStore()
  @ApiProblems(400, 401, 403, 409, 413, 422)
  create(@Body() b: CreateAccountDto, @Write() w: WriteContext): Promise<AccountView & SetupCodeAnswer> {
    return this.commands.execute(new OpenAccountCommand(b.login, b.displayName, b.role, b.unitId ?? null, w));
  }

  @Get()
  @ApiOperation({ summary: '账号列表 / List accounts' })
  @ApiBearerAuth()
  @Roles(...ACCOUNT_ROLES.ListAccounts)
  @ApiOkResponse({ type: AccountListResponse })
  @ApiProblems(401, 403)
  list() {
    return this.queries.execute(new ListAccountsQuery());
  }

  @Get(':login/history')
  @ApiOperation({ summary: '账号变更记录 / Account history' })
  @ApiBearerAuth()
  @Roles(...ACCOUNT_ROLES.AccountHistory)
  @AccessLogged()
  @ApiOkResponse({ type: AccountHistoryResponse })
  @ApiProblems(401, 403, 404)
  history(@Param('login') login: string) {
    return this.queries.execute(new AccountHistoryQuery(login));
  }

  @Patch(':login')
  @ApiOperation({ summary: '修改账号 / Change an account' })
  @ApiBearerAuth()
  @Roles(...ACCOUNT_ROLES.ChangeAccount)
  @ApiOkResponse({ type: AccountResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 422)
  change(@Param('login') login: string, @Body() b: ChangeAccountDto, @Write() w: WriteContext): Promise<AccountView> {
    return this.commands.execute(new ChangeAccountCommand(login, b, w));
  }

  @Post(':login/reset')
  @ApiOperation({ summary: '重置密码 / Reset a password' })
  @ApiBearerAuth()
  @Roles(...ACCOUNT_ROLES.ResetPassword)
  @HttpCode(201)
  @ApiCreatedResponse({ type: SetupCodeResponse })
  @NoStore()
  @ApiProblems(401, 403, 404, 409, 413, 422)
  reset(@Param('login') login: string, @Write() w: WriteContext): Promise<SetupCodeAnswer> {
    return this.commands.execute(new ResetPasswordCommand(login, w));
  }
}

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/access-log')
export class AccessLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: '访问日志 / Access log' })
  @Roles(...ACCOUNT_ROLES.AccessLog)
  @AccessLogged()
  @ApiOkResponse({ type: AccessLogPageResponse })
  @ApiProblems(400, 401, 403)
  list(@Query() q: AccessLogQueryDto): Promise<AccessLogPage> {
    return this.queries.execute(
      new AccessLogQuery({
        actor: q.actor,
        from: q.from && new Date(q.from).toISOString(),
        to: q.to && new Date(q.to).toISOString(),
        route: q.route,
        after: q.after === undefined ? undefined : Number(q.after),
        limit: q.limit === undefined ? 100 : Number(q.limit),
      }),
    );
  }
}
