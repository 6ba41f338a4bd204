import { Conflict, NotFound, RuleViolation, type Decision } from '../errors.js';
import { deciderSpec } from './decider.js';

/** A counter that adds, refuses a negative step, and throws Conflict past 10: enough to show each outcome. */
type Added = { type: 'Added'; by: number };
const decide = (step: number, total: number, today: string): Decision<Added> => {
  if (step < 0) return new RuleViolation('non-negative', `step ${step} is negative`);
  if (total + step > 10) throw new Conflict(`past 10 on ${today}`, { total });
  return [{ type: 'Added', by: step }];
};
const { given, fold } = deciderSpec<number, number, Added>({ decide, evolve: (total, e) => total + e.by, initial: 0, today: '2026-01-01' });
const added = (by: number): Added => ({ type: 'Added', by });

describe('deciderSpec', () => {
  it('folds the given events and asserts the decided ones', () => {
    expect(fold([added(2), added(3)])).toBe(5);
    given([added(2)])
      .when(3)
      .then([added(3)]);
    expect(() =>
      given([])
        .when(1)
        .then([added(2)]),
    ).toThrow();
    expect(() =>
      given([])
        .when(-1)
        .then([added(-1)]),
    ).toThrow(/refused by non-negative/);
  });

  it('asserts the refusing rule', () => {
    given([]).when(-1).thenRefused('non-negative');
    expect(() => given([]).when(-1).thenRefused('other')).toThrow();
    expect(() => given([]).when(1).thenRefused('non-negative')).toThrow(/expected the refusal non-negative/);
  });

  it('returns what the decider threw, of the class asked for, and rethrows it from then and decision', () => {
    const thrown = given([added(9)])
      .when(2, '2026-02-02')
      .thenThrows(Conflict);
    expect(thrown.details).toEqual({ total: 9 });
    expect(thrown.message).toContain('2026-02-02');
    expect(() =>
      given([added(9)])
        .when(2)
        .thenThrows(NotFound),
    ).toThrow();
    expect(() => given([]).when(2).thenThrows(Conflict)).toThrow(/expected a thrown Conflict/);
    expect(() =>
      given([added(9)])
        .when(2)
        .then([]),
    ).toThrow(Conflict);
    expect(() => given([added(9)]).when(2).decision).toThrow(Conflict);
  });
});
