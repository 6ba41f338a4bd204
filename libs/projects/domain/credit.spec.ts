/**
 * Credit attribution: the unit credited on a fact's business date, from the lead and its reassignments.
 */
import { creditHistory, creditedUnitOn, type Credit } from './credit.js';
import type { ProjectEvent } from './events.js';

const lead = (unitId: string, leadOn: string): ProjectEvent => ({
  type: 'LeadRegistered',
  data: {
    projectId: 'p1',
    name: '軋鋼項目',
    investor: '永鋒',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: { amount: '100.00', currency: 'CNY', cny: '100.00' },
    unitId,
    parkId: null,
    referrer: null,
    leadOn,
    distinctFrom: null,
  },
});
const moved = (fromUnitId: string, unitId: string, on: string): ProjectEvent => ({
  type: 'CreditReassigned',
  data: { fromUnitId, unitId, reason: 'same factory', on },
});

describe('creditHistory', () => {
  it('takes the lead and every reassignment, in stream order, and nothing else', () => {
    const events: ProjectEvent[] = [
      lead('xiajin', '2024-01-10'),
      { type: 'ProjectSigned', data: { kind: 'contract', committedInvestment: { amount: '1.00', currency: 'CNY', cny: '1.00' }, signedOn: '2024-02-01' } },
      moved('xiajin', 'qingyun', '2024-06-01'),
      { type: 'FundingArrived', data: { amount: { amount: '1.00', currency: 'CNY', cny: '1.00' }, bankReference: 'b', arrivedOn: '2024-06-02' } },
      moved('qingyun', 'baiyun', '2024-09-01'),
    ];
    expect(creditHistory(events)).toEqual([
      { unitId: 'xiajin', from: '2024-01-10' },
      { unitId: 'qingyun', from: '2024-06-01' },
      { unitId: 'baiyun', from: '2024-09-01' },
    ]);
  });
});

describe('creditedUnitOn', () => {
  const once = creditHistory([lead('A', '2024-01-10'), moved('A', 'B', '2024-06-01')]);
  const twice = creditHistory([lead('A', '2024-01-10'), moved('A', 'B', '2024-06-01'), moved('B', 'C', '2024-09-01')]);
  const yearEnd = creditHistory([lead('A', '2024-03-01'), moved('A', 'B', '2025-01-01')]);
  const leapDay = creditHistory([lead('A', '2024-01-01'), moved('A', 'B', '2024-02-29')]);
  const backdated = creditHistory([lead('A', '2024-01-10'), moved('A', 'B', '2024-09-01'), moved('B', 'C', '2024-06-01')]);

  it.each<[string, Credit[], string | null, string]>([
    ['lead only, on the lead date', creditHistory([lead('A', '2024-01-10')]), '2024-01-10', 'A'],
    ['a date before the lead: the lead unit', once, '2023-12-31', 'A'],
    ['the day before a reassignment', once, '2024-05-31', 'A'],
    ['the same day as a reassignment: the new unit', once, '2024-06-01', 'B'],
    ['after a reassignment', once, '2024-12-31', 'B'],
    ['multiple: before the first move', twice, '2024-03-01', 'A'],
    ['multiple: between the moves', twice, '2024-08-31', 'B'],
    ['multiple: on the second move', twice, '2024-09-01', 'C'],
    ['year end: 31 December stays with the old unit', yearEnd, '2024-12-31', 'A'],
    ['year end: 1 January goes to the new unit', yearEnd, '2025-01-01', 'B'],
    ['leap day: 28 February', leapDay, '2024-02-28', 'A'],
    ['leap day: 29 February itself', leapDay, '2024-02-29', 'B'],
    ['leap day: 1 March', leapDay, '2024-03-01', 'B'],
    ['recorded out of date order: the last recorded on or before wins', backdated, '2024-09-15', 'C'],
    ['recorded out of date order: the backdated move counts from its own date', backdated, '2024-07-01', 'C'],
    ['null: the unit credited now', twice, null, 'C'],
  ])('%s', (_case, history, date, unitId) => {
    expect(creditedUnitOn(history, date)).toBe(unitId);
  });

  it('refuses an empty history: a project is credited from its lead', () => {
    expect(() => creditedUnitOn([], '2024-01-01')).toThrow(/lead/);
  });
});
