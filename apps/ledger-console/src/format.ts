/**
 * Amounts as people there read them: 万元 for yuan amounts of ten thousand and more (rounded to 0.01 万元), the exact
 * figure with thousands separators in tables and on hover. Decimal strings are handled as integers of fen, never floats.
 */
export interface Money {
  amount: string;
  currency: string;
  cnyRate?: string;
}

const FEN_PER_HUNDREDTH_WAN = 10_000n;

function toFen(amount: string): bigint {
  const [whole, fraction = ''] = amount.replace(/^-/, '').split('.');
  const fen = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return amount.startsWith('-') ? -fen : fen;
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1234567.5 fen-scaled → "12,345.67" */
function scaled(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${group((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** The exact figure: "300,000,000.00 CNY". */
export function exact(money: Money | null | undefined): string {
  if (!money) return '—';
  return `${scaled(toFen(money.amount))} ${money.currency}`;
}

/** In 万 (of the currency) with two decimals, rounded half away from zero: "30,000.00". */
export function wan(money: Money): string {
  const fen = toFen(money.amount);
  const abs = fen < 0n ? -fen : fen;
  const hundredths = (abs + FEN_PER_HUNDREDTH_WAN / 2n) / FEN_PER_HUNDREDTH_WAN;
  return scaled(fen < 0n ? -hundredths : hundredths);
}

/** A number for a chart axis, in 万元 (charts only: every displayed figure comes from the strings above). */
export function wanNumber(money: Money | null | undefined): number {
  return money ? Number(toFen(money.amount)) / 1_000_000 : 0;
}

export function sumMoney(items: (Money | null | undefined)[], currency = 'CNY'): Money {
  const total = items.reduce((sum, m) => sum + (m ? toFen(m.amount) : 0n), 0n);
  const sign = total < 0n ? '-' : '';
  const abs = total < 0n ? -total : total;
  return { amount: `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`, currency };
}

export function ratio(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`;
}

/** An instant in the ledger's zone (Asia/Shanghai) as "YYYY-MM-DD HH:mm:ss". */
export function instant(text: string | null | undefined): string {
  if (!text) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(text));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** Today in the ledger's zone, YYYY-MM-DD. */
export function today(): string {
  return instant(new Date().toISOString()).slice(0, 10);
}

/** The half year a day falls in: "2026-H1". */
export function halfYearOf(day: string): string {
  return `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
}
