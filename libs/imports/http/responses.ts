/** OpenAPI shapes of the imports slice's answers. */
import { ApiProperty } from '@nestjs/swagger';
import type { ImportItem, ImportReport, RowAction } from '../application/importer.js';
import type { RowProblem } from '../domain/rows.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/templates.js';

export class RowProblemResponse implements RowProblem {
  @ApiProperty({ type: 'integer', description: 'the spreadsheet row (1 = its first row)' }) row!: number;
  @ApiProperty({ description: "the column's header, or '' for the row as a whole", example: '签约日期' }) column!: string;
  @ApiProperty({ example: '“2026-02-30”不是有效日期，应为 YYYY-MM-DD' }) message!: string;
}

export class ImportCountsResponse {
  @ApiProperty({ type: 'integer', description: 'rows that record something' }) record!: number;
  @ApiProperty({ type: 'integer', description: 'rows an earlier run of the file already recorded' }) replay!: number;
  @ApiProperty({ type: 'integer', description: 'rows already in the ledger another way (a live project, a counted slip), left alone' }) skip!: number;
}

export class ImportItemResponse implements ImportItem {
  @ApiProperty({ type: 'integer' }) row!: number;
  @ApiProperty({ enum: ['record', 'replay', 'skip'] }) action!: RowAction;
  @ApiProperty({ type: String, nullable: true, description: 'the project, once known' }) projectId!: string | null;
  @ApiProperty({ type: [String], example: ['登记线索', '签约', '开工'] }) steps!: string[];
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class ImportReportResponse implements ImportReport {
  @ApiProperty({ enum: IMPORT_KINDS }) kind!: ImportKind;
  @ApiProperty({ description: 'false for a dry run' }) committed!: boolean;
  @ApiProperty({ type: 'integer', description: 'data rows read' }) rows!: number;
  @ApiProperty({ type: [RowProblemResponse] }) problems!: RowProblemResponse[];
  @ApiProperty({ type: ImportCountsResponse }) counts!: ImportCountsResponse;
  @ApiProperty({ type: 'integer', description: 'events the file would record (dry run) or recorded' }) events!: number;
  @ApiProperty({ type: [ImportItemResponse] }) items!: ImportItemResponse[];
}
