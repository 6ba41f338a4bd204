import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { once } from 'node:events';
import { AccessLogged } from '../../platform/http/access-logged.js';
import { Roles } from '../../platform/http/auth.js';
import { ApiProblems } from '../../platform/http/openapi.js';
import type { DigestCheck, LedgerDigest } from '../application/ledger-audit.js';
import type { AuditResult } from '../domain/ledger-check.js';
import {
  CheckDigestQuery,
  ExportLedgerQuery,
  LedgerDigestQuery,
  ProjectTimelineQuery,
  VerifyLedgerQuery,
  type ProjectTimeline,
} from '../queries/audit-queries.js';
import { AsOfQueryDto, DigestCheckDto, DigestQueryDto } from './dto.js';
import { AuditResultResponse, DigestCheckResponse, LedgerDigestResponse, ProjectTimelineResponse } from './responses.js';
import { AUDIT_ROLES } from '../roles.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('verify')
  @AccessLogged()
  @Roles(...AUDIT_ROLES.VerifyLedger)
  @ApiOkResponse({ type: AuditResultResponse })
  @ApiProblems(401, 403)
  verify(): Promise<AuditResult> {
    return this.queries.execute(new VerifyLedgerQuery());
  }

  @Get('digest')
  @AccessLogged()
  @Roles(...AUDIT_ROLES.LedgerDigest)
  @ApiOkResponse({ type: LedgerDigestResponse })
  @ApiProblems(400, 401, 403, 404, 422)
  digest(@Query() q: DigestQueryDto): Promise<LedgerDigest> {
    return this.queries.execute(new LedgerDigestQuery(q.position === undefined ? undefined : Number(q.position)));
  }

  @Post('digest/check')
  @AccessLogged()
  @HttpCode(200)
  @Roles(...AUDIT_ROLES.CheckDigest)
  @ApiOkResponse({ type: DigestCheckResponse })
  @ApiProblems(400, 401, 403, 413)
  check(@Body() body: DigestCheckDto): Promise<DigestCheck> {
    return this.queries.execute(new CheckDigestQuery({ position: body.position, digest: body.digest }));
  }

  @Get('export')
  @AccessLogged()
  @Roles(...AUDIT_ROLES.ExportLedger)
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'every event as one JSON object a line, in global order, with metadata and seals; an attachment (ledger.jsonl)',
    schema: { type: 'string' },
  })
  @ApiProblems(401, 403)
  async export(@Res() res: Response): Promise<void> {
    const lines = await this.queries.execute(new ExportLedgerQuery());
    res.status(200).type('application/x-ndjson').setHeader('Content-Disposition', 'attachment; filename="ledger.jsonl"');
    // A client that goes away mid-export must not leave this loop waiting for a drain that never comes.
    const closed = once(res, 'close').catch(() => undefined);
    try {
      for await (const line of lines) {
        if (res.destroyed) return;
        if (!res.write(`${line}\n`)) await Promise.race([once(res, 'drain'), closed]);
      }
      res.end();
    } catch (error) {
      // The status is already sent: cut the connection so a client never takes a partial export for a whole one.
      res.destroy(error as Error);
    }
  }

  @Get('projects/:id/timeline')
  @AccessLogged()
  @Roles(...AUDIT_ROLES.ProjectTimeline)
  @ApiOkResponse({ type: ProjectTimelineResponse })
  @ApiProblems(400, 401, 403, 404)
  timeline(@Param('id') id: string, @Query() q: AsOfQueryDto): Promise<ProjectTimeline> {
    return this.queries.execute(new ProjectTimelineQuery(id, q.asOf));
  }
}
