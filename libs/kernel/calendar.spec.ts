import { addDays, addMonths, addYears, daysBetween, halfYearOf, isLocalDate, localDateAt, nextHalfYear, parsePeriod } from './calendar.js';

describe('calendar', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (d) => expect(isLocalDate(d)).toBe(true));
  it.each(['2026-02-29', '1900-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '26-01-01', '2026-00-10', ''])('refuses %j', (d) =>
    expect(isLocalDate(d)).toBe(false),
  );

  it.each([
    ['2024-02-29', 3, '2027-03-01'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2025-12-31', 3, '2028-12-31'],
    ['2026-01-01', 3, '2029-01-01'],
    ['2023-03-01', 1, '2024-03-01'],
  ])('%s plus %d years is %s', (from, years, to) => expect(addYears(from, years)).toBe(to));

  // The one end-of-month rule: a day the target month lacks becomes that month's last day.
  it.each([
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2026-01-28', 1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-02-29', 1, '2024-03-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-10-31', 4, '2027-02-28'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-12-31', 12, '2027-12-31'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-06-15', 6, '2026-12-15'],
    ['2026-06-15', 0, '2026-06-15'],
  ])('%s plus %d months is %s', (from, months, to) => expect(addMonths(from, months)).toBe(to));

  it('counts days across a leap day and a year end', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it.each([
    ['2026-06-30', '2026-H1'],
    ['2026-07-01', '2026-H2'],
    ['2026-12-31', '2026-H2'],
    ['2027-01-01', '2027-H1'],
  ])('%s is in %s', (d, h) => expect(halfYearOf(d)).toBe(h));

  it('moves to the next half year across a year end', () => {
    expect(nextHalfYear('2026-H1')).toBe('2026-H2');
    expect(nextHalfYear('2026-H2')).toBe('2027-H1');
  });

  it.each([
    ['2024', '2024-01-01', '2024-12-31'],
    ['2024-H1', '2024-01-01', '2024-06-30'],
    ['2024-Q1', '2024-01-01', '2024-03-31'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2025-02', '2025-02-01', '2025-02-28'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
  ])('period %s runs %s to %s', (id, from, to) => expect(parsePeriod(id)).toMatchObject({ from, to }));

  it.each(['2026-H3', '2026-Q5', '2026-13', '26', '2026-1'])('refuses period %s', (id) => expect(parsePeriod(id)).toBeNull());

  it('takes the local day of an instant in the ledger zone', () => {
    expect(localDateAt(new Date('2026-11-26T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-27');
    expect(localDateAt(new Date('2026-11-26T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-26');
  });
});
