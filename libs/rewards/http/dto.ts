/** Request bodies and query strings of the rewards routes (API.md "Set-up", "Finance"). Unknown fields are refused by the pipe. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ExportDto } from '../../platform/http/export-dto.js';
import { CnyMoneyDto, IsCalendarDate, IsLedgerId, MoneyField } from '../../platform/http/validation.js';
import { type Sector, SECTORS } from '../../projects/domain/index.js';

export const HALF_YEAR = /^\d{4}-H[12]$/;

export class RewardPolicyDto {
  @ApiProperty({ description: 'reward rate in basis points, 1 to 10000 (300 = 3%)', example: 300 }) @IsInt() rateBps!: number;
  @ApiPropertyOptional({ enum: SECTORS, isArray: true, description: 'sectors counted as productive enterprises; default primary, secondary' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SECTORS.length)
  @IsIn(SECTORS, { each: true })
  productiveSectors?: Sector[];
  @ApiProperty({ example: '2026-01-01' }) @IsCalendarDate() effectiveFrom!: string;
  @ApiPropertyOptional({ type: CnyMoneyDto, description: 'per referral; none when absent or null' })
  @IsOptional()
  @MoneyField(CnyMoneyDto)
  lifetimeCap?: CnyMoneyDto | null;
}

export class RepealDto {
  @ApiProperty() @IsLedgerId() policyId!: string;
  @ApiProperty({ example: '2026-07-01', description: 'tax paid on or after this day earns nothing under the policy' }) @IsCalendarDate() repealedFrom!: string;
  @ApiProperty({ example: '公平競爭審查' }) @IsString() @Length(1, 500) reason!: string;
}

export class PayoutDto {
  @ApiProperty({ example: '2026-H1' }) @Matches(HALF_YEAR, { message: 'period must be a half year like 2026-H1' }) period!: string;
  @ApiProperty({ type: CnyMoneyDto, description: "exactly the statement's total" }) @MoneyField(CnyMoneyDto) amount!: CnyMoneyDto;
  @ApiProperty({ example: 'ICBC-20260705-0012' }) @IsString() @Length(1, 100) paymentReference!: string;
  @ApiProperty({ example: '2026-07-05', description: 'after the half year ended, not in the future' }) @IsCalendarDate() paidOn!: string;
}

export class StatementsExportDto extends ExportDto {}
