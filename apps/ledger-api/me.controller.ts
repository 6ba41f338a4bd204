import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../libs/platform/http/auth.js';
import { ApiProblems } from '../../libs/platform/http/openapi.js';
import { ROLES, type Principal, type Role } from '../../libs/platform/tokens.js';

/** `GET /v1/me`: who the bearer token stands for, so a client (the web console) shows only what that person may do. */
export class MeResponse {
  @ApiProperty({ example: 'li.ming' }) actor!: string;
  @ApiProperty({ example: 'li.ming' }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: String, nullable: true, example: 'xiajin' }) unitId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for a machine token from the tokens file' }) accountId!: string | null;
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: '当前身份 / Who am I' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(401)
  me(@CurrentPrincipal() principal: Principal): MeResponse {
    return { actor: principal.actor, displayName: principal.actor, role: principal.role, unitId: principal.unitId, accountId: null };
  }
}
