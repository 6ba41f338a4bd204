import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { AccessLogged } from '../../platform/http/access-logged.js';
import { Roles } from '../../platform/http/auth.js';
import { ApiProblems } from '../../platform/http/openapi.js';
import type { DigestCheck, LedgerDigest, LedgerVerification } from '../application/ledger-audit.js';
import { LedgerCheckpoints } from '../application/ledger-checkpoints.js';
import type { AuditBundle, ConsistencyProof, InclusionProof } from '../application/proofs.js';
import type { SignedCheckpoint } from '../domain/checkpoint.js';
import {
  CheckDigestQuery,
  ConsistencyProofQuery,
  ExportLedgerQuery,
  InclusionProofQuery,
  LedgerDigestQuery,
  ListCheckpointsQuery,
  ProjectBundleQuery,
  ProjectTimelineQuery,
  VerifyLedgerQuery,
  type CheckpointList,
  type ProjectTimeline,
} from '../queries/audit-queries.js';
import { AsOfQueryDto, BundleQueryDto, CheckpointDto, ConsistencyQueryDto, DigestCheckDto, DigestQueryDto, InclusionQueryDto } from './dto.js';
import {
  AuditBundleResponse,
  AuditResultResponse,
  CheckpointListResponse,
  ConsistencyProofResponse,
  DigestCheckResponse,
  InclusionProofResponse,
  LedgerDigestResponse,
  ProjectTimelineResponse,
  SignedCheckpointResponse,
} from './responses.js';

import { AUDIT_ROLES } from '../roles.js';

const optional = (text: string | undefined) => (text === undefined ? undefined : Number(text));

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly checkpoints: LedgerCheckpoints,
  ) {}

  @Get('verify')
  @ApiOperation({ summary: '校验台账：封印、默克尔树、签名检查点 / Verify the ledger: seals, Merkle tree, signed checkpoints' })
  @AccessLogged()
  @Roles(...AUDIT_ROLES.VerifyLedger)
  @ApiOkResponse({ type: AuditResultResponse, description: 'every event, the store’s tree, and every checkpoint the ledger signed' })
  @ApiProblems(401, 403)
  verify(): Promise<LedgerVerification> {
    return this.queries.execute(new VerifyLedgerQuery());
  }

  @Get('checkpoints')
  @ApiOperation({ summary: '签名检查点列表 / Signed checkpoints' })
  @Roles(...AUDIT_ROLES.ListCheckpoints)
  @AccessLogged()
  @ApiOkResponse({ type: CheckpointListResponse })
  @ApiProblems(401, 403)
  listCheckpoints(): Promise<CheckpointList> {
    return this.queries.execute(new ListCheckpointsQuery());
  }

  @Post('checkpoints')
  @ApiOperation({ summary: '立即签署检查点 / Sign a checkpoint now' })
  @Roles(...AUDIT_ROLES.SignCheckpoint)
  @ApiCreatedResponse({ type: SignedCheckpointResponse, description: 'the ledger signed as it stands now, and kept' })
  @ApiProblems(401, 403, 422)
  signCheckpoint(): Promise<SignedCheckpoint> {
    return this.checkpoints.sign();
  }

  @Post('checkpoints/check')
  @ApiOperation({ summary: '按保存的检查点校验 / Verify against a kept checkpoint' })
  @HttpCode(200)
  @Roles(...AUDIT_ROLES.CheckCheckpoint)
  @ApiOkResponse({ type: AuditResultResponse, description: 'verify, holding the ledger to this checkpoint (one an auditor kept)' })
  @ApiProblems(400, 401, 403, 413)
  checkCheckpoint(@Body() body: CheckpointDto): Promise<LedgerVerification> {
    return this.queries.execute(new VerifyLedgerQuery(body));
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: '事件包含证明 / Inclusion proof of an event' })
  @Roles(...AUDIT_ROLES.InclusionProof)
  @AccessLogged()
  @ApiOkResponse({ type: InclusionProofResponse })
  @ApiProblems(400, 401, 403, 404)
  inclusion(@Query() q: InclusionQueryDto): Promise<InclusionProof> {
    return this.queries.execute(new InclusionProofQuery(Number(q.position), optional(q.size)));
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: '一致性证明 / Consistency proof between two sizes' })
  @Roles(...AUDIT_ROLES.ConsistencyProof)
  @AccessLogged()
  @ApiOkResponse({ type: ConsistencyProofResponse })
  @ApiProblems(400, 401, 403, 404)
  consistency(@Query() q: ConsistencyQueryDto): Promise<ConsistencyProof> {
    return this.queries.execute(new ConsistencyProofQuery(Number(q.from), optional(q.to)));
  }

  @Get('projects/:id/bundle')
  @ApiOperation({ summary: '项目审计包（含证明） / Events of a project with their proofs' })
  @Roles(...AUDIT_ROLES.ProjectBundle)
  @AccessLogged()
  @ApiOkResponse({ type: AuditBundleResponse, description: 'an attachment (bundle-<projectId>-<size>.json) for tools/verify-bundle.mjs' })
  @ApiProblems(400, 401, 403, 404)
  async bundle(@Param('id') id: string, @Query() q: BundleQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditBundle> {
    const bundle = await this.queries.execute(new ProjectBundleQuery(id, optional(q.size), optional(q.consistencyFrom)));
    reply.header('Content-Disposition', `attachment; filename="bundle-${encodeURIComponent(id)}-${bundle.size}.json"`);
    return bundle;
  }

  @Get('digest')
  @ApiOperation({ summary: '台账摘要 / Ledger digest' })
  @AccessLogged()
  @Roles(...AUDIT_ROLES.LedgerDigest)
  @ApiOkResponse({ type: LedgerDigestResponse })
  @ApiProblems(400, 401, 403, 404, 422)
  digest(@Query() q: DigestQueryDto): Promise<LedgerDigest> {
    return this.queries.execute(new LedgerDigestQuery(optional(q.position)));
  }

  @Post('digest/check')
  @ApiOperation({ summary: '核对摘要 / Check a digest' })
  @AccessLogged()
  @HttpCode(200)
  @Roles(...AUDIT_ROLES.CheckDigest)
  @ApiOkResponse({ type: DigestCheckResponse })
  @ApiProblems(400, 401, 403, 413)
  check(@Body() body: DigestCheckDto): Promise<DigestCheck> {
    return this.queries.execute(new CheckDigestQuery({ position: body.position, digest: body.digest, hashAlgorithm: body.hashAlgorithm }));
  }

  @Get('export')
  @ApiOperation({ summary: '导出全部事件 / Export every event' })
  @AccessLogged()
  @Roles(...AUDIT_ROLES.ExportLedger)
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'every event as one JSON object a line, in global order, with metadata and seals; an attachment (ledger.jsonl)',
    schema: { type: 'string' },
  })
  @ApiProblems(401, 403)
  async export(@Res() reply: FastifyReply): Promise<void> {
    const lines = await this.queries.execute(new ExportLedgerQuery());
    // Streamed with backpressure; a client that goes away stops the reading. A failure once the status is sent
    // cuts the connection, so a client never takes a partial export for a whole one.
    await reply
      .status(200)
      .type('application/x-ndjson; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="ledger.jsonl"')
      .send(Readable.from(ndjson(lines)));
  }

  @Get('projects/:id/timeline')
  @ApiOperation({ summary: '项目事件时间线（可回放） / Project timeline, as of any instant' })
  @AccessLogged()
  @Roles(...AUDIT_ROLES.ProjectTimeline)
  @ApiOkResponse({ type: ProjectTimelineResponse })
  @ApiProblems(400, 401, 403, 404)
  timeline(@Param('id') id: string, @Query() q: AsOfQueryDto): Promise<ProjectTimeline> {
    return this.queries.execute(new ProjectTimelineQuery(id, q.asOf));
  }
}

async function* ndjson(lines: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const line of lines) yield `${line}\n`;
}
