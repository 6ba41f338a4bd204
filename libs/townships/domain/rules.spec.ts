import type { TownshipEvent } from './events.js';
import { evolve } from './evolve.js';
import { banCovers, bansFrom, exitedBy, exitsFrom, headsOn, type Exit } from './rules.js';
import { EMPTY_TOWNSHIP, type Tenure } from './state.js';

/** Verdicts from a compact notation: "2021 F 2022-01-10" = year 2021 failed, closed 2022-01-10. */
const verdicts = (...lines: string[]) =>
  lines.map((line) => {
    const [year, mark, closedOn] = line.split(' ');
    return { year: Number(year), met: mark === 'M', closedOn };
  });

describe('streak of failed years', () => {
  it.each<[string, string[], Exit[]]>([
    ['two failed years: exit on the second closing date', ['2024 F 2025-01-10', '2025 F 2026-01-12'], [{ on: '2026-01-12', years: [2024, 2025] }]],
    ['one failed year: no exit', ['2025 F 2026-01-12'], []],
    ['met-failed-failed: one exit', ['2023 M 2024-01-08', '2024 F 2025-01-10', '2025 F 2026-01-12'], [{ on: '2026-01-12', years: [2024, 2025] }]],
    ['failed-met-failed: no exit', ['2023 F 2024-01-08', '2024 M 2025-01-10', '2025 F 2026-01-12'], []],
    [
      'three failed years: one exit, the streak restarts',
      ['2023 F 2024-01-08', '2024 F 2025-01-10', '2025 F 2026-01-12'],
      [{ on: '2025-01-10', years: [2023, 2024] }],
    ],
    [
      'four failed years in a row: two exits',
      ['2022 F 2023-01-05', '2023 F 2024-01-08', '2024 F 2025-01-10', '2025 F 2026-01-12'],
      [
        { on: '2024-01-08', years: [2022, 2023] },
        { on: '2026-01-12', years: [2024, 2025] },
      ],
    ],
    ['a year never closed breaks the streak', ['2023 F 2024-01-08', '2025 F 2026-01-12'], []],
    [
      'closings made out of order: exit when the second failure is known',
      ['2025 F 2026-01-12', '2024 F 2026-02-01'],
      [{ on: '2026-02-01', years: [2024, 2025] }],
    ],
    ['closed across a year end on 1 January', ['2024 F 2025-01-01', '2025 F 2026-01-01'], [{ on: '2026-01-01', years: [2024, 2025] }]],
  ])('%s', (_, lines, exits) => {
    expect(exitsFrom(verdicts(...lines))).toEqual(exits);
  });
});

describe('whether a closing made the township exit', () => {
  it.each<[string, string[], string[], boolean]>([
    ['a second failed year', ['2023 M 2024-01-08', '2024 F 2025-01-10'], ['2025 F 2026-01-12'], true],
    ['a first failed year', ['2023 M 2024-01-08'], ['2024 F 2025-01-10'], false],
    ['a met year', ['2023 M 2024-01-08', '2024 F 2025-01-10'], ['2025 M 2026-01-12'], false],
    ['a revision turning a met year failed beside a failed one', ['2023 M 2024-01-08', '2024 F 2025-01-10'], ['2023 F 2025-03-01'], true],
    ['a revision of a failed year that keeps the exit and its date', ['2024 F 2025-01-10', '2025 F 2026-01-12'], ['2025 F 2026-01-12'], false],
  ])('%s', (_, before, closing, exited) => {
    const prior = verdicts(...before);
    const next = verdicts(...closing);
    const after = [...prior.filter((v) => !next.some((n) => n.year === v.year)), ...next];
    expect(exitedBy(prior, after)).toBe(exited);
  });
});

const tenure = (officialId: string, post: Tenure['post'], from: string, to: string | null = null): Tenure => ({
  officialId,
  name: `name of ${officialId}`,
  post,
  from,
  to,
});
const EXIT: Exit = { on: '2026-01-12', years: [2024, 2025] };

describe('heads in office on the exit date', () => {
  it.each<[string, Tenure, boolean]>([
    ['a head who left the day before', tenure('a', 'township_head', '2020-01-01', '2026-01-11'), false],
    ['a head who leaves on the exit date', tenure('a', 'township_head', '2020-01-01', '2026-01-12'), true],
    ['a head appointed the day before', tenure('a', 'party_secretary', '2026-01-11'), true],
    ['a head appointed on the exit date', tenure('a', 'party_secretary', '2026-01-12'), true],
    ['a head appointed the day after', tenure('a', 'party_secretary', '2026-01-13'), false],
  ])('%s: banned %s', (_, t, banned) => {
    expect(headsOn([t], EXIT.on).length > 0).toBe(banned);
    expect(bansFrom('qingyun', [EXIT], [t]).map((b) => b.officialId)).toEqual(banned ? ['a'] : []);
  });

  it('bans both heads, once each, from the exit date until three years later', () => {
    const tenures = [
      tenure('sec', 'party_secretary', '2021-05-01'),
      tenure('head', 'township_head', '2022-03-01'),
      tenure('head', 'party_secretary', '2025-07-01'),
    ];
    expect(bansFrom('qingyun', [EXIT], tenures)).toEqual([
      { officialId: 'sec', name: 'name of sec', unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' },
      { officialId: 'head', name: 'name of head', unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' },
    ]);
  });
});

describe('ban span', () => {
  it.each<[string, string, string, boolean]>([
    ['exit on a leap day', '2024-02-29', '2024-02-29', true],
    ['exit on a leap day', '2024-02-29', '2027-02-28', true],
    ['exit on a leap day', '2024-02-29', '2027-03-01', false],
    ['exit on a leap day', '2024-02-29', '2024-02-28', false],
    ['exit on 1 January', '2026-01-01', '2028-12-31', true],
    ['exit on 1 January', '2026-01-01', '2029-01-01', false],
    ['exit on 31 December', '2025-12-31', '2028-12-30', true],
    ['exit on 31 December', '2025-12-31', '2028-12-31', false],
  ])('%s (%s) covers %s: %s', (_, on, day, covered) => {
    const [ban] = bansFrom('qingyun', [{ on, years: [2022, 2023] }], [tenure('a', 'township_head', '2020-01-01')]);
    expect(banCovers(ban, day)).toBe(covered);
  });

  it('ends a leap-day ban on 1 March three years later', () => {
    const [ban] = bansFrom('qingyun', [{ on: '2024-02-29', years: [2022, 2023] }], [tenure('a', 'township_head', '2020-01-01')]);
    expect(ban.until).toBe('2027-03-01');
  });
});

describe('revisions', () => {
  const U = 'qingyun';
  const closing = (year: number, closedOn: string, met: boolean, revises = false): TownshipEvent => ({
    type: 'YearClosed',
    data: { unitId: U, year, closedOn, target: '100.00', actual: met ? '100.00' : '50.00', met, revises, reason: revises ? 'funding found' : null },
  });
  const history: TownshipEvent[] = [
    { type: 'OfficialAppointed', data: { officialId: 'a', name: 'A', unitId: U, post: 'township_head', from: '2020-01-01' } },
    closing(2024, '2025-01-10', false),
    closing(2025, '2026-01-12', false),
  ];
  const bansAfter = (events: TownshipEvent[]) => {
    const state = events.reduce(evolve, EMPTY_TOWNSHIP);
    return bansFrom(U, exitsFrom(state.closings), state.tenures);
  };

  it('a revision turning a failed year into a met one removes the exit and its bans', () => {
    expect(bansAfter(history)).toHaveLength(1);
    expect(bansAfter([...history, closing(2024, '2026-03-01', true, true)])).toEqual([]);
  });

  it('a revision turning a met year into a failed one exits on the revision date', () => {
    const events = [...history.slice(0, 2), closing(2025, '2026-01-12', true), closing(2025, '2026-03-01', false, true)];
    expect(bansAfter(events).map((b) => [b.from, b.until])).toEqual([['2026-03-01', '2029-03-01']]);
  });
});
