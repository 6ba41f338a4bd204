/** Request bodies of the project and unit routes (API.md). Unknown fields are refused by the pipe. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmptyObject, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import {
  CnyMoneyDto,
  CnyValueFits,
  Holds,
  IsCalendarDate,
  IsCnyRate,
  IsLedgerId,
  IsMonthText,
  MoneyDto,
  MoneyField,
  RateOptionalMoneyDto,
  ZeroableCnyDto,
} from '../../platform/http/validation.js';
import { ORIGINS, REFERRER_KINDS, SECTORS, SIGNING_KINDS, type Origin, type ReferrerKind, type Sector, type SigningKind } from '../domain/events.js';
import { ExportDto } from '../../platform/http/export-dto.js';
import { isCreditCode } from '../domain/enterprise.js';
import { STAGES } from '../domain/state.js';
import { UNIT_KINDS, type UnitKind } from '../domain/units.js';

const Text = (max = 200) => Length(1, max);

export class UnitDto {
  @ApiProperty({ example: 'qingyun' }) @IsLedgerId() unitId!: string;
  @ApiProperty({ example: '慶雲縣' }) @IsString() @Text() name!: string;
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS) kind!: UnitKind;
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() parentId?: string;
}

export class ParkDto {
  @ApiProperty({ example: 'xiajin-textile-park' }) @IsLedgerId() parkId!: string;
  @ApiProperty({ example: '夏津紡織工業園' }) @IsString() @Text() name!: string;
  @ApiProperty({ example: 'xiajin', description: 'the registered unit the park lies in' }) @IsLedgerId() unitId!: string;
}

export class ListParksDto {
  @ApiPropertyOptional({ description: 'parks lying in this unit or below it' }) @IsOptional() @IsLedgerId() unitId?: string;
}

export class ReferrerDto {
  @ApiProperty({ example: 'ref-wang-jianguo' }) @IsLedgerId() referrerId!: string;
  @ApiProperty({ example: '王建國' }) @IsString() @Text() name!: string;
  @ApiProperty({ enum: REFERRER_KINDS }) @IsIn(REFERRER_KINDS) kind!: ReferrerKind;
}

export class CreateProjectDto {
  @ApiProperty({ example: '棉紡織項目一期' }) @IsString() @Text() name!: string;
  @ApiProperty({ example: '華芳集團' }) @IsString() @Text() investor!: string;
  @ApiPropertyOptional({
    example: '91350100M000100Y43',
    description: "the investor's unified social credit code (統一社會信用代碼), 18 characters with its GB 32100-2015 check character",
  })
  @IsOptional()
  @IsString()
  @Holds(
    (o: CreateProjectDto) => typeof o.creditCode !== 'string' || isCreditCode(o.creditCode),
    'creditCode must be an 18-character unified social credit code with a valid GB 32100-2015 check character',
  )
  creditCode?: string;
  @ApiProperty({ enum: ORIGINS }) @IsIn(ORIGINS) origin!: Origin;
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS) sector!: Sector;
  @ApiProperty({ type: MoneyDto }) @MoneyField() plannedInvestment!: MoneyDto;
  @ApiProperty({ example: 'xiajin' }) @IsLedgerId() unitId!: string;
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() parkId?: string;
  @ApiPropertyOptional({ type: ReferrerDto })
  @IsOptional()
  @ValidateNested()
  @IsNotEmptyObject()
  @Type(() => ReferrerDto)
  referrer?: ReferrerDto;
  @ApiProperty({ example: '2026-03-02' }) @IsCalendarDate() leadOn!: string;
  @ApiPropertyOptional({ description: 'assessor only: the live project this lead is distinct from' })
  @IsOptional()
  @IsString()
  @Text(64)
  distinctFrom?: string;
}

export class SigningDto {
  @ApiProperty({ enum: SIGNING_KINDS }) @IsIn(SIGNING_KINDS) kind!: SigningKind;
  @ApiProperty({ type: MoneyDto }) @MoneyField() committedInvestment!: MoneyDto;
  @ApiProperty() @IsCalendarDate() signedOn!: string;
}

export class FundingDto {
  @ApiProperty({ type: RateOptionalMoneyDto }) @MoneyField(RateOptionalMoneyDto) amount!: RateOptionalMoneyDto;
  @ApiPropertyOptional({ description: 'CNY per unit of a non-CNY amount (may also stand inside amount)' })
  @ValidateIf((o: FundingDto) => o.cnyRate !== undefined || (o.amount?.currency !== 'CNY' && o.amount?.cnyRate === undefined))
  @IsCnyRate({ message: 'cnyRate is required beside a non-CNY amount, as a positive decimal string below 10000' })
  @CnyValueFits((o: FundingDto) => o.amount?.amount, (o: FundingDto) => o.cnyRate)
  // Two rates for one amount would leave it to chance which one counts.
  @Holds((o: FundingDto) => o.amount?.cnyRate === undefined, 'cnyRate stands inside amount or beside it, not both')
  cnyRate?: string;
  @ApiProperty() @IsString() @Text(100) bankReference!: string;
  @ApiProperty() @IsCalendarDate() arrivedOn!: string;
}

export class GroundbreakingDto {
  @ApiProperty() @IsCalendarDate() brokeGroundOn!: string;
}

export class CompletionDto {
  @ApiProperty() @IsCalendarDate() completedOn!: string;
}

export class ProductionDto {
  @ApiProperty() @IsCalendarDate() startedOn!: string;
}

export class TaxPaymentDto {
  @ApiProperty({ type: CnyMoneyDto }) @MoneyField(CnyMoneyDto) amount!: CnyMoneyDto;
  @ApiProperty({ example: '2026-03' }) @IsMonthText() taxMonth!: string;
  @ApiProperty() @IsString() @Text(100) paymentReference!: string;
  @ApiProperty() @IsCalendarDate() paidOn!: string;
}

export class VerificationDto {
  @ApiProperty({ type: ZeroableCnyDto }) @MoneyField(ZeroableCnyDto) plant!: ZeroableCnyDto;
  @ApiProperty({ type: ZeroableCnyDto }) @MoneyField(ZeroableCnyDto) equipment!: ZeroableCnyDto;
  @ApiProperty({ type: ZeroableCnyDto }) @MoneyField(ZeroableCnyDto) land!: ZeroableCnyDto;
  @ApiProperty() @IsCalendarDate() inspectedOn!: string;
  @ApiProperty() @IsString() @Text(100) inspector!: string;
}

export class CreditDto {
  @ApiProperty() @IsLedgerId() unitId!: string;
  @ApiProperty() @IsString() @Text(500) reason!: string;
  @ApiProperty() @IsCalendarDate() on!: string;
}

export class AssignReferrerDto extends ReferrerDto {
  @ApiProperty() @IsCalendarDate() assignedOn!: string;
}

export class VoidDto {
  @ApiProperty() @IsString() @Text(64) eventId!: string;
  @ApiProperty() @IsString() @Text(500) reason!: string;
  @ApiProperty() @IsCalendarDate() on!: string;
}

export class AbandonmentDto {
  @ApiProperty() @IsString() @Text(500) reason!: string;
  @ApiProperty() @IsCalendarDate() abandonedOn!: string;
}

export class ListProjectsDto {
  @ApiPropertyOptional({ description: 'projects credited to this unit or below it' }) @IsOptional() @IsLedgerId() unitId?: string;
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: string;
  @ApiPropertyOptional({ enum: SECTORS }) @IsOptional() @IsIn(SECTORS) sector?: string;
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() parkId?: string;
  @ApiPropertyOptional({ description: 'words that the name or the investor must each contain (case, width and spacing ignored)', example: '华芳' })
  @IsOptional()
  @IsString()
  @Text(200)
  q?: string;
  @ApiPropertyOptional({ description: 'page size, 1 to 500; default 50', example: '50' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: 'limit must be a whole number from 1 to 500' })
  limit?: string;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;
}

/** `GET /v1/projects/export`: the list's filters, and the file's format and header language. */
export class ExportLedgerDto extends ExportDto {
  @ApiPropertyOptional({ description: 'projects credited to this unit or below it' }) @IsOptional() @IsLedgerId() unitId?: string;
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: string;
  @ApiPropertyOptional({ enum: SECTORS }) @IsOptional() @IsIn(SECTORS) sector?: string;
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() parkId?: string;
}
