/** Request bodies and query strings of the township and promotion routes (API.md). Unknown fields are refused by the pipe. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CnyMoneyDto, IsCalendarDate, IsLedgerId, MoneyField } from '../../platform/http/validation.js';
import { POSTS, type Post } from '../domain/events.js';
import { ExportDto } from '../../platform/http/export-dto.js';

export class AppointmentDto {
  @ApiProperty({ example: 'off-li-hua' }) @IsLedgerId() officialId!: string;
  @ApiProperty({ example: '李華' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: POSTS }) @IsIn(POSTS) post!: Post;
  @ApiProperty({ example: '2024-03-01' }) @IsCalendarDate() from!: string;
}

export class DepartureDto {
  @ApiProperty({ enum: POSTS }) @IsIn(POSTS) post!: Post;
  @ApiProperty({ description: 'the last day in office', example: '2026-05-31' }) @IsCalendarDate() on!: string;
}

export class YearDto {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(1900) @Max(9999) year!: number;
}

export class TargetDto extends YearDto {
  @ApiProperty({ type: CnyMoneyDto, description: 'CNY of funding arrived in the year' }) @MoneyField(CnyMoneyDto) target!: CnyMoneyDto;
}

export class YearClosingDto extends YearDto {
  @ApiProperty({ description: 'on or after 1 January of the next year', example: '2027-01-15' }) @IsCalendarDate() closedOn!: string;
  @ApiPropertyOptional({ description: 'true to replace the standing closing of the year (needs a reason)' }) @IsOptional() @IsBoolean() revises?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class EligibilityQueryDto {
  @ApiPropertyOptional({ description: 'default: today' }) @IsOptional() @IsCalendarDate() on?: string;
}

export class BansQueryDto {
  @ApiPropertyOptional({ description: 'default: today' }) @IsOptional() @IsCalendarDate() activeOn?: string;
}

export class BansExportQueryDto extends ExportDto {
  @ApiPropertyOptional({ description: 'only bans in force that day; default: the whole register' }) @IsOptional() @IsCalendarDate() activeOn?: string;
}
