/**
 * Calendar dates as 'YYYY-MM-DD' strings (local business days, no time, no zone) and the periods the
 * ledger counts by. Pure: "today" is computed from an instant passed in, never read from a clock.
 */
export type LocalDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function isLocalDate(text: unknown): text is LocalDate {
  if (typeof text !== 'string') return false;
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parts(date: LocalDate): [number, number, number] {
  if (!isLocalDate(date)) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return date.split('-').map(Number) as [number, number, number];
}

function format(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (proleptic Gregorian), computed without Date to stay zone-free. */
export function toEpochDay(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function fromEpochDay(day: number): LocalDate {
  const t = new Date(day * 86_400_000);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * The same day of the month, n months later (or earlier). The ledger's one end-of-month rule: a day the target month
 * lacks becomes that month's last day (clamped, never rolled into the next month), so 31 August + 6 months is
 * 28 February (29 in a leap year), 31 January + 1 month is 28/29 February, 29 February + 12 months is 28 February.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * The same calendar day n years later, as DOMAIN.md words the promotion ban: 29 February, which a common year
 * lacks, becomes 1 March. (The spec fixes this for years; month spans use addMonths' clamp.)
 */
export function addYears(date: LocalDate, years: number): LocalDate {
  const [y, m, d] = parts(date);
  const year = y + years;
  return m === 2 && d === 29 && !isLeapYear(year) ? format(year, 3, 1) : format(year, m, d);
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

export function yearOf(date: LocalDate): number {
  return parts(date)[0];
}

/** The local calendar day of an instant in an IANA time zone. */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return fmt.format(instant);
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A counting period: year "2026", half "2026-H1", quarter "2026-Q3" or month "2026-03". */
export interface Period {
  id: string;
  kind: 'year' | 'half' | 'quarter' | 'month';
  from: LocalDate;
  to: LocalDate;
}

const PERIOD = /^(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

export function parsePeriod(text: string): Period | null {
  const m = PERIOD.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900) return null;
  const part = m[2];
  const span = (kind: Period['kind'], firstMonth: number, months: number): Period => ({
    id: text,
    kind,
    from: format(year, firstMonth, 1),
    to: format(year, firstMonth + months - 1, daysInMonth(year, firstMonth + months - 1)),
  });
  if (part === undefined) return span('year', 1, 12);
  if (part.startsWith('H')) return span('half', part === 'H1' ? 1 : 7, 6);
  if (part.startsWith('Q')) return span('quarter', (Number(part[1]) - 1) * 3 + 1, 3);
  return span('month', Number(part), 1);
}

export function halfYearOf(date: LocalDate): string {
  const [y, m] = parts(date);
  return `${y}-${m <= 6 ? 'H1' : 'H2'}`;
}

/** The half year after the given one: 2026-H1 → 2026-H2 → 2027-H1. */
export function nextHalfYear(half: string): string {
  const p = parsePeriod(half);
  if (!p || p.kind !== 'half') throw new RangeError(`not a half year: ${half}`);
  const year = yearOf(p.from);
  return half.endsWith('H1') ? `${year}-H2` : `${year + 1}-H1`;
}

export function isMonth(text: unknown): text is string {
  return typeof text === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(text) && Number(text.slice(0, 4)) >= 1900;
}
