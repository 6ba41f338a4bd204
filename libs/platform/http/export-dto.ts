/** The query of every export route: the file's format and the header language (default zh, Simplified). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../export/files.js';
import { HEADER_LANGUAGES, type HeaderLanguage } from '../export/sheet.js';

export class ExportDto {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format!: ExportFormat;
  @ApiPropertyOptional({ enum: HEADER_LANGUAGES, description: 'header language, default zh' }) @IsOptional() @IsIn(HEADER_LANGUAGES) lang?: HeaderLanguage;
}
