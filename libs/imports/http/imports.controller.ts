import { Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Principal } from '../../platform/tokens.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth.js';
import { ApiProblems } from '../../platform/http/openapi.js';
import { AcceptsBody } from '../../platform/http/content-type.js';
import { ProblemException, problem } from '../../platform/http/problem.js';
import { EXPORT_MEDIA_TYPES } from '../../platform/export/files.js';
import { HEADER_LANGUAGES, type HeaderLanguage } from '../../platform/export/sheet.js';
import { Importer, type ImportReport } from '../application/importer.js';
import { templateFile } from '../application/workbook.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/templates.js';
import { ImportReportResponse } from './responses.js';
import { IMPORT_ROLES } from '../roles.js';

export class TemplateQueryDto {
  @ApiPropertyOptional({ enum: HEADER_LANGUAGES, description: 'header language, default zh' }) @IsOptional() @IsIn(HEADER_LANGUAGES) lang?: HeaderLanguage;
}

function kindOf(kind: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new ProblemException(problem(404, `no import of ${kind}; known: ${IMPORT_KINDS.join(', ')}`));
  return kind as ImportKind;
}

/** The uploaded workbook: the raw body, sent as the xlsx media type. */
function upload(req: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw new ProblemException(problem(415, `send the workbook as the body, with Content-Type: ${EXPORT_MEDIA_TYPES.xlsx}`));
  }
  return req.body;
}

const UploadBody = () => ApiBody({ description: 'the filled-in template (.xlsx)', schema: { type: 'string', format: 'binary' } });

@ApiTags('imports')
@ApiBearerAuth()
@Controller('v1/imports')
export class ImportsController {
  constructor(private readonly importer: Importer) {}

  @ApiOperation({ summary: '下载导入模板 / Download an import template' })
  @Get(':kind/template')
  @Roles(...IMPORT_ROLES.DownloadTemplate)
  @ApiProduces(EXPORT_MEDIA_TYPES.xlsx)
  @ApiOkResponse({
    description: 'the template workbook: a sheet to fill (title, header, an example row) and a notes sheet',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiProblems(400, 401, 404)
  async template(@Param('kind') kind: string, @Query() q: TemplateQueryDto): Promise<StreamableFile> {
    const k = kindOf(kind);
    return new StreamableFile(await templateFile(k, q.lang ?? 'zh'), {
      type: EXPORT_MEDIA_TYPES.xlsx,
      disposition: `attachment; filename="import-template-${k}.xlsx"`,
    });
  }

  @ApiOperation({ summary: '导入试运行 / Dry-run an import' })
  @Post(':kind/dry-run')
  @AcceptsBody(EXPORT_MEDIA_TYPES.xlsx)
  @HttpCode(200)
  @Roles(...IMPORT_ROLES.DryRun)
  @ApiConsumes(EXPORT_MEDIA_TYPES.xlsx)
  @UploadBody()
  @ApiOkResponse({ type: ImportReportResponse, description: "every row's problems and what would be recorded; nothing is appended" })
  @ApiProblems(401, 403, 404, 413, 422)
  dryRun(@Param('kind') kind: string, @Req() req: FastifyRequest, @CurrentPrincipal() who: Principal): Promise<ImportReport> {
    return this.importer.dryRun(kindOf(kind), upload(req), who);
  }

  @ApiOperation({ summary: '提交导入 / Commit an import' })
  @Post(':kind')
  @AcceptsBody(EXPORT_MEDIA_TYPES.xlsx)
  @HttpCode(201)
  @Roles(...IMPORT_ROLES.Commit)
  @ApiConsumes(EXPORT_MEDIA_TYPES.xlsx)
  @UploadBody()
  @ApiCreatedResponse({ type: ImportReportResponse, description: 'recorded through the same command handlers; the same file again adds nothing' })
  @ApiProblems(401, 403, 404, 409, 413, 422)
  commit(@Param('kind') kind: string, @Req() req: FastifyRequest, @CurrentPrincipal() who: Principal): Promise<ImportReport> {
    return this.importer.commit(kindOf(kind), upload(req), who);
  }
}
