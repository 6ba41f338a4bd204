/**
 * Input validation: class-validator DTOs with unknown fields forbidden, every invalid field named.
 * Custom decorators cover what the ledger needs exactly: decimal strings, real calendar dates, Money.
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmptyObject,
  IsOptional,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { CURRENCIES, LEDGER_ID, MAX_AMOUNT, cnyValueFits, isAmount, isLocalDate, isMonth, isRate, parseInstant, toFen } from '../../kernel/index.js';
import { ProblemException, problem } from './problem.js';

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new ProblemException(problem(400, `${list.length} invalid field(s): ${[...new Set(list.map((e) => e.field))].join(', ')}`, { errors: list }));
    },
  });
}

function custom(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate: test },
    });
}

/** A rule over the whole body, reported on this field (e.g. two fields that may not both be given). */
export function Holds<T extends object>(test: (body: T) => boolean, message: string) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'holds',
      target: object.constructor,
      propertyName,
      options: { message },
      validator: { validate: (_: unknown, args: ValidationArguments) => test(args.object as T) },
    });
}

/**
 * Why a query's instant is refused, with the hint for the commonest mistake: a `+08:00` zone sent unencoded in a URL
 * arrives as a space (`+` means space in a query), so it must be sent as `%2B08:00`.
 */
export function instantMessage(field: string, value: unknown): string {
  const message = `${field} must be an ISO 8601 instant with a zone, e.g. 2026-06-30T12:00:00Z or 2026-06-30T12:00:00%2B08:00`;
  const lostPlus = typeof value === 'string' && / \d{2}(:?\d{2})?$/.test(value);
  return lostPlus ? `${message}; the + of a zone must be sent as %2B in a URL (it arrived as a space: "${value}")` : message;
}

/** Stricter than "parses as a date": the zone must be explicit, or "as of" would depend on the server's. */
export const IsZonedInstant = (options?: ValidationOptions) => (object: object, propertyName: string) =>
  registerDecorator({
    name: 'isZonedInstant',
    target: object.constructor,
    propertyName,
    options: { message: (args: ValidationArguments) => instantMessage(propertyName, args.value), ...options },
    validator: { validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== null },
  });

export const IsCalendarDate = (options?: ValidationOptions) => custom('isCalendarDate', isLocalDate, 'must be a real calendar date YYYY-MM-DD', options);
export const IsMonthText = (options?: ValidationOptions) => custom('isMonthText', isMonth, 'must be a month YYYY-MM', options);
export const IsDecimalAmount = (options: ValidationOptions & { allowZero?: boolean } = {}) =>
  custom(
    'isDecimalAmount',
    (v) => isAmount(v) && (options.allowZero ? toFen(v as string) >= 0n : toFen(v as string) > 0n),
    `must be a decimal string with at most two fraction digits, ${options.allowZero ? 'zero or more' : 'greater than zero'}, at most ${MAX_AMOUNT}`,
    options,
  );
export const IsCnyRate = (options?: ValidationOptions) =>
  custom('isCnyRate', isRate, 'must be a positive decimal string (CNY per unit) below 10000, at most eight fraction digits', options);

/**
 * On a rate field: the CNY value of `amountOf(body)` at this rate stays within the bound. Only judged
 * once the amount and the rate are each valid (their own validators name them otherwise).
 */
export function CnyValueFits<T extends object>(amountOf: (body: T) => unknown, rateOf: (body: T) => unknown) {
  return Holds<T>((o) => {
    const [amount, rate] = [amountOf(o), rateOf(o)];
    return !isAmount(amount) || !isRate(rate) || cnyValueFits(amount, rate);
  }, `the CNY value (amount × cnyRate) must be at most ${MAX_AMOUNT}`);
}

/** The id alphabet of units, officials, referrers and parks: 1-64 letters, digits, dots, dashes, underscores. */
export { LEDGER_ID };
export const IsLedgerId = (options?: ValidationOptions) =>
  custom('isLedgerId', (v) => typeof v === 'string' && LEDGER_ID.test(v), 'must be 1-64 letters, digits, dots, dashes or underscores', options);

/** An amount in any accepted currency; its subclasses say where the CNY rate of a foreign amount stands. */
class AmountInCurrencyDto {
  @ApiProperty({ description: 'decimal string, at most two fraction digits, greater than zero', example: '1250000.00' })
  @IsDecimalAmount()
  amount!: string;

  @ApiProperty({ enum: CURRENCIES, example: 'CNY' })
  @IsIn(CURRENCIES, { message: `currency must be one of ${CURRENCIES.join(', ')}` })
  currency!: string;
}

export class MoneyDto extends AmountInCurrencyDto {
  @ApiPropertyOptional({ description: 'CNY per unit, required beside a non-CNY amount', example: '7.1234' })
  // A foreign amount is only meaningful with the CNY rate of its day.
  @ValidateIf((o: MoneyDto) => o.currency !== 'CNY' || o.cnyRate !== undefined)
  @IsCnyRate({ message: 'cnyRate is required beside a non-CNY amount, as a positive decimal string below 10000' })
  @CnyValueFits((o: MoneyDto) => o.amount, (o: MoneyDto) => o.cnyRate)
  cnyRate?: string;
}

/** Money whose rate may instead stand beside it (funding arrivals: `{amount, cnyRate?, …}`). */
export class RateOptionalMoneyDto extends AmountInCurrencyDto {
  @ApiPropertyOptional({ description: 'CNY per unit of a non-CNY amount (may instead stand beside the Money)', example: '7.1234' })
  @IsOptional()
  @IsCnyRate()
  @CnyValueFits((o: RateOptionalMoneyDto) => o.amount, (o: RateOptionalMoneyDto) => o.cnyRate)
  cnyRate?: string;
}

export class CnyMoneyDto {
  @ApiProperty({ description: 'decimal string, at most two fraction digits, greater than zero', example: '1250000.00' })
  @IsDecimalAmount()
  amount!: string;

  @ApiProperty({ enum: ['CNY'], example: 'CNY' })
  @IsIn(['CNY'], { message: 'currency must be CNY' })
  currency!: string;
}

export class ZeroableCnyDto {
  @ApiProperty({ description: 'decimal string, at most two fraction digits, zero or more', example: '0.00' })
  @IsDecimalAmount({ allowZero: true })
  amount!: string;

  @ApiProperty({ enum: ['CNY'], example: 'CNY' })
  @IsIn(['CNY'], { message: 'currency must be CNY' })
  currency!: string;
}

/** A nested Money field: validated as a whole object with its own named fields. */
export function MoneyField(dto: new () => object = MoneyDto): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ValidateNested()(target, key);
    IsNotEmptyObject({ nullable: false }, { message: `${String(key)} must be a Money object {amount, currency}` })(target, key);
    Type(() => dto)(target, key);
  };
}
