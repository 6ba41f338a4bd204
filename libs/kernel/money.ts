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

const AMOUNT = /^-?(0|[1-9]\d{0,15})(\.\d{1,2})?$/;
const RATE = /^(0|[1-9]\d{0,5})(\.\d{1,8})?$/;

export function isAmount(text: unknown): text is string {
  return typeof text === 'string' && AMOUNT.test(text);
}

export function isRate(text: unknown): text is string {
  return typeof text === 'string' && RATE.test(text) && /[1-9]/.test(text);
}

/** "12.3" → 1230n. Throws on anything that is not an exact decimal with at most two fraction digits. */
export function toFen(text: string): Fen {
  if (!isAmount(text)) throw new RangeError(`not an exact amount: ${JSON.stringify(text)}`);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -fen : fen;
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
  if (!isRate(rate)) throw new RangeError(`not a positive exchange rate: ${JSON.stringify(rate)}`);
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
