/**
 * Exact money. Amounts travel as decimal strings ("1250000.00") and are computed as integer fen
 * (bigint), never floating point.
 */
export type Fen = bigint;

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'JPY', 'KRW', 'HKD', 'GBP', 'SGD', 'TWD', 'AUD', 'CAD', 'CHF'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  amount: string;
  currency: string;
}

/**
 * DOMAIN.md's bounds: no amount, and no amount's CNY value, above 10^12; a CNY rate positive, below
 * 10,000, at most eight fraction digits. They hold at the door (`isAmount`, `isRate`, `cnyValueFits`),
 * so every sum the ledger makes from accepted facts is exact and finite.
 */
export const MAX_AMOUNT_FEN: Fen = 10n ** 14n;
export const MAX_AMOUNT = '1000000000000.00';

/** Any exact decimal with at most two fraction digits, however large: stored and derived money. */
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d{1,2})?$/;
/** Any positive decimal rate, however long: rates in stored events are read with this. */
const ANY_RATE = /^(0|[1-9]\d*)(\.\d+)?$/;
/** A rate a client may send: below 10,000, at most eight fraction digits. */
const RATE = /^(0|[1-9]\d{0,3})(\.\d{1,8})?$/;

function magnitude(fen: Fen): Fen {
  return fen < 0n ? -fen : fen;
}

/** Whether a figure is within the bound an input amount must keep (at most 10^12 either way). */
export function fitsBound(fen: Fen): boolean {
  return magnitude(fen) <= MAX_AMOUNT_FEN;
}

/** An input amount: an exact decimal with at most two fraction digits, within 10^12. */
export function isAmount(text: unknown): text is string {
  return typeof text === 'string' && DECIMAL.test(text) && fitsBound(toFen(text));
}

/** An input CNY rate: positive, below 10,000, at most eight fraction digits. */
export function isRate(text: unknown): text is string {
  return typeof text === 'string' && RATE.test(text) && /[1-9]/.test(text);
}

/** Whether `amount × rate` stays within the bound (false for text that is no amount or no rate). */
export function cnyValueFits(amount: unknown, rate: unknown): boolean {
  if (typeof amount !== 'string' || !DECIMAL.test(amount) || typeof rate !== 'string' || !ANY_RATE.test(rate) || !/[1-9]/.test(rate)) return false;
  return fitsBound(convertToCnyFen(toFen(amount), rate));
}

/**
 * "12.3" → 1230n. The one parser of stored and derived money: unbounded, so a sum or a value
 * accepted by an earlier, looser build always reads. Throws only on text that is no exact decimal.
 */
export function toFen(text: string): Fen {
  if (typeof text !== 'string' || !DECIMAL.test(text)) throw new RangeError(`not an exact amount: ${JSON.stringify(text)}`);
  // The digits with the fraction padded to two, sign and all, in one BigInt parse: "-12.3" → -1230n
  // (twice as fast as whole × 100 + fraction; a rebuild parses a few million amounts).
  const dot = text.indexOf('.');
  return BigInt(dot < 0 ? `${text}00` : text.slice(0, dot) + text.slice(dot + 1).padEnd(2, '0'));
}

/** 1230n → "12.30"; always two fraction digits. */
export function fromFen(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Divides and rounds half away from zero ("half-up" on magnitudes), as finance rounds. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/** Parses a rate like "7.1234" into an integer numerator over a power of ten. */
function rational(rate: string): { numerator: bigint; scale: bigint } {
  if (!ANY_RATE.test(rate) || !/[1-9]/.test(rate)) throw new RangeError(`not a positive exchange rate: ${JSON.stringify(rate)}`);
  const [whole, fraction = ''] = rate.split('.');
  return { numerator: BigInt(whole + fraction), scale: 10n ** BigInt(fraction.length) };
}

/** CNY value of a foreign amount: amount × rate, half-up to the fen. */
export function convertToCnyFen(amountFen: Fen, rate: string): Fen {
  const { numerator, scale } = rational(rate);
  return divideHalfUp(amountFen * numerator, scale);
}

/** fen × basisPoints / 10000, half-up to the fen. */
export function applyBasisPoints(fen: Fen, basisPoints: number): Fen {
  return divideHalfUp(fen * BigInt(basisPoints), 10_000n);
}

/** A ratio as a number with four fraction digits (API convention); null when the denominator is 0. */
export function ratio(numerator: bigint, denominator: bigint): number | null {
  if (denominator === 0n) return null;
  return Number(divideHalfUp(numerator * 10_000n, denominator)) / 10_000;
}

export function cny(fen: Fen): Money {
  return { amount: fromFen(fen), currency: 'CNY' };
}

export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

export function minFen(a: Fen, b: Fen): Fen {
  return a < b ? a : b;
}
