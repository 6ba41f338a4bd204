import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PROJECT_ROLES } from '../roles.js';
import { Roles } from '../../platform/http/auth.js';
import { ApiProblems } from '../../platform/http/openapi.js';
import { GetReferrerQuery, ListReferrersQuery } from '../queries/referrer-queries.js';
import { ReferrerListResponse, ReferrerViewResponse } from './responses.js';

/** Referrers with their projects (their statements and payouts are the rewards slice's, under the same path). */
@ApiTags('set-up')
@ApiBearerAuth()
@Controller('v1/referrers')
export class ReferrersController {
  constructor(private readonly queries: QueryBus) {}

  @ApiOperation({ summary: '引荐人列表 / List referrers' })
  @Get()
  @Roles(...PROJECT_ROLES.ListReferrers)
  @ApiOkResponse({ type: ReferrerListResponse })
  @ApiProblems(401)
  list() {
    return this.queries.execute(new ListReferrersQuery());
  }

  @ApiOperation({ summary: '引荐人及其项目 / A referrer and their projects' })
  @Get(':referrerId')
  @Roles(...PROJECT_ROLES.ListReferrers)
  @ApiOkResponse({ type: ReferrerViewResponse })
  @ApiProblems(401, 404)
  one(@Param('referrerId') referrerId: string) {
    return this.queries.execute(new GetReferrerQuery(referrerId));
  }
}
