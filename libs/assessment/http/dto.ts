/** Request bodies and query strings of the assessment routes (API.md). Unknown fields are refused by the pipe. */
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches } from 'class-validator';
import { IsCalendarDate, MoneyField, ZeroableCnyDto } from '../../platform/http/validation.js';
import { type Sector, SECTORS, UNIT_KINDS, type UnitKind } from '../../projects/domain/index.js';
import { ExportDto } from '../../platform/http/export-dto.js';

export class AssessmentPolicyDto {
  @ApiProperty({ type: ZeroableCnyDto, description: 'projects whose committed (before signing, planned) investment is below it count 0' })
  @MoneyField(ZeroableCnyDto)
  minimumProjectCny!: ZeroableCnyDto;

  @ApiPropertyOptional({ enum: SECTORS, isArray: true, description: 'sectors counted by verified fixed assets; default primary, secondary' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SECTORS.length)
  @IsIn(SECTORS, { each: true })
  fixedAssetSectors?: Sector[];

  @ApiPropertyOptional({ description: 'real estate counts tax paid × this whole number (1 to 100); default 10', example: 10 })
  @IsOptional()
  @IsInt()
  realEstateTaxMultiplier?: number;

  @ApiPropertyOptional({ description: 'count the other sectors by CNY funding arrived; default false' })
  @IsOptional()
  @IsBoolean()
  otherSectorsCount?: boolean;

  @ApiProperty({ example: '2026-01-01' }) @IsCalendarDate() effectiveFrom!: string;
}

export class AssessmentQueryDto {
  @ApiPropertyOptional({ enum: UNIT_KINDS, description: 'default county' }) @IsOptional() @IsIn(UNIT_KINDS) kind?: UnitKind;
}

export class RatesQueryDto {
  @ApiPropertyOptional({ description: 'first signing day included; default: the earliest' }) @IsOptional() @IsCalendarDate() signedFrom?: string;
  @ApiPropertyOptional({ description: 'last signing day included; default: today' }) @IsOptional() @IsCalendarDate() signedTo?: string;
}

export class StalledQueryDto {
  @ApiPropertyOptional({ description: 'default: today' }) @IsOptional() @IsCalendarDate() asOf?: string;
  @ApiPropertyOptional({ description: 'stalled after more than this many silent days; default 90' })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'days must be a whole number from 0 to 9999' })
  days?: string;
}

export { ExportDto };

export class AssessmentExportDto extends IntersectionType(AssessmentQueryDto, ExportDto) {}

export class StalledExportDto extends IntersectionType(StalledQueryDto, ExportDto) {}
