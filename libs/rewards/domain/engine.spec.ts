import { fromFen } from '../../kernel/index.js';
import { FactsBuilder } from '../testing/facts-builder.js';
import { periodStatements, statementOf } from './engine.js';
import type { Statement } from './statement.js';

/** A statement as one readable string per line: "project tax @rate = reward" and "project period amount reason". */
function compact(s: Statement) {
  return {
    lines: s.lines.map((l) => `${l.projectId} ${fromFen(l.taxPaidFen)} @${l.rateBps} = ${fromFen(l.rewardFen)}`),
    adjustments: s.adjustments.map((a) => `${a.projectId ?? '-'} ${a.forPeriod} ${fromFen(a.amountFen)} ${a.reason}`),
    total: fromFen(s.totalFen),
    paid: s.paid && fromFen(s.paid.amountFen),
  };
}

interface Case {
  given: (h: FactsBuilder) => FactsBuilder;
  when: { referrerId?: string; period: string };
  then: { lines: string[]; adjustments?: string[]; total: string; paid?: string | null };
}

/** 3% from 2020; p1 referred by r1 on 2024-01-01, a secondary-sector project. */
const base = () => new FactsBuilder().policy('A', 300, '2020-01-01').refer('p1', 'r1', '2024-01-01');

function check({ given, when, then }: Case): void {
  const statement = statementOf(given(new FactsBuilder()).facts, when.referrerId ?? 'r1', when.period);
  expect(compact(statement)).toEqual({ adjustments: [], paid: null, ...then });
}

describe('statement engine', () => {
  describe('rounding: half-up per line, not per payment', () => {
    it.each<[string, Case]>([
      [
        'two payments of 0.50 make one line of 1.00 → 0.03 (not 0.02 + 0.02)',
        {
          given: () => base().tax('p1', '0.50', '2026-02-01').tax('p1', '0.50', '2026-03-01'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 1.00 @300 = 0.03'], total: '0.03' },
        },
      ],
      [
        'each project is its own line: 0.015 → 0.02 and 0.0147 → 0.01',
        {
          given: () => base().refer('p2', 'r1', '2024-01-01').tax('p1', '0.50', '2026-02-01').tax('p2', '0.49', '2026-02-01'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 0.50 @300 = 0.02', 'p2 0.49 @300 = 0.01'], total: '0.03' },
        },
      ],
    ])('%s', (_rule, c) => check(c));
  });

  describe('periods are half years by the payment date', () => {
    const given = () =>
      base()
        .tax('p1', '1000.00', '2026-06-30')
        .tax('p1', '2000.00', '2026-07-01')
        .tax('p1', '3000.00', '2026-12-31')
        .tax('p1', '4000.00', '2027-01-01')
        .tax('p1', '100.00', '2024-02-29');
    it.each<[string, string]>([
      ['2026-H1', 'p1 1000.00 @300 = 30.00'],
      ['2026-H2', 'p1 5000.00 @300 = 150.00'],
      ['2027-H1', 'p1 4000.00 @300 = 120.00'],
      ['2024-H1', 'p1 100.00 @300 = 3.00'],
    ])('%s has %s', (period, line) => check({ given, when: { period }, then: { lines: [line], total: line.split(' = ')[1] } }));

    it('an empty half year has an empty statement', () => check({ given, when: { period: '2025-H2' }, then: { lines: [], total: '0.00' } }));
  });

  describe('rate locking', () => {
    it.each<[string, Case]>([
      [
        'the policy in force on the attachment day among those recorded before it; later policies change nothing',
        {
          given: (h) =>
            h
              .policy('A', 300, '2020-01-01')
              .refer('p1', 'r1', '2025-03-01')
              .policy('B', 500, '2025-01-01') // in force on 2025-03-01 but recorded after p1 was attached
              .refer('p2', 'r1', '2025-03-01')
              .policy('C', 800, '2026-01-01')
              .refer('p3', 'r1', '2025-12-31') // C is known but not yet in force
              .refer('p4', 'r1', '2026-01-01')
              .tax('p1', '1000.00', '2026-03-01')
              .tax('p2', '1000.00', '2026-03-01')
              .tax('p3', '1000.00', '2026-03-01')
              .tax('p4', '1000.00', '2026-03-01'),
          when: { period: '2026-H1' },
          then: {
            lines: ['p1 1000.00 @300 = 30.00', 'p2 1000.00 @500 = 50.00', 'p3 1000.00 @500 = 50.00', 'p4 1000.00 @800 = 80.00'],
            total: '210.00',
          },
        },
      ],
      [
        'two policies from the same day: the one recorded later',
        {
          given: (h) => h.policy('A', 300, '2026-01-01').policy('B', 400, '2026-01-01').refer('p1', 'r1', '2026-01-01').tax('p1', '1000.00', '2026-03-01'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 1000.00 @400 = 40.00'], total: '40.00' },
        },
      ],
      [
        'no policy in force on the attachment day: no reward, ever',
        {
          given: (h) => h.policy('A', 300, '2025-01-01').refer('p1', 'r1', '2024-12-31').tax('p1', '1000.00', '2026-03-01'),
          when: { period: '2026-H1' },
          then: { lines: [], total: '0.00' },
        },
      ],
    ])('%s', (_rule, c) => check(c));
  });

  describe('repeal', () => {
    it.each<[string, Case]>([
      [
        'tax paid on or after the repeal date earns nothing, whatever was locked',
        {
          given: () => base().tax('p1', '1000.00', '2026-04-30').tax('p1', '1000.00', '2026-05-01').repeal('A', '2026-05-01'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 1000.00 @300 = 30.00'], total: '30.00' },
        },
      ],
      [
        'a repeal recorded after the attachment but dated before it: the locked policy earns nothing (whatever was locked)',
        {
          given: (h) =>
            h
              .policy('A', 300, '2020-01-01')
              .refer('p1', 'r1', '2025-06-01')
              .repeal('A', '2025-01-01')
              .tax('p1', '1000.00', '2025-06-01')
              .tax('p1', '1000.00', '2026-03-01'),
          when: { period: '2026-H1' },
          then: { lines: [], total: '0.00' },
        },
      ],
      [
        'attached after the latest policy was repealed: nothing in force (an older policy does not come back)',
        {
          given: (h) =>
            h
              .policy('OLD', 100, '2019-01-01')
              .policy('A', 300, '2020-01-01')
              .repeal('A', '2025-01-01')
              .refer('p1', 'r1', '2025-06-01')
              .tax('p1', '1000.00', '2026-03-01'),
          when: { period: '2026-H1' },
          then: { lines: [], total: '0.00' },
        },
      ],
    ])('%s', (_rule, c) => check(c));
  });

  describe('lifetime cap per referral', () => {
    // 10% capped at 100.00: 60.00, then 60.00 cut to 40.00, then nothing.
    const given = () =>
      new FactsBuilder()
        .policy('A', 1000, '2020-01-01', { cap: '100.00' })
        .refer('p1', 'r1', '2024-01-01')
        .refer('p2', 'r1', '2024-01-01')
        .tax('p1', '600.00', '2026-03-01')
        .tax('p1', '600.00', '2026-09-01')
        .tax('p1', '600.00', '2027-03-01')
        .tax('p2', '600.00', '2026-09-01');
    it.each<[string, string[], string]>([
      ['2026-H1', ['p1 600.00 @1000 = 60.00'], '60.00'],
      ['2026-H2', ['p1 600.00 @1000 = 40.00', 'p2 600.00 @1000 = 60.00'], '100.00'],
      ['2027-H1', ['p1 600.00 @1000 = 0.00'], '0.00'],
    ])('%s: the crossing line is cut to fit, each referral has its own cap', (period, lines, total) =>
      check({ given, when: { period }, then: { lines, total } }),
    );
  });

  describe('eligibility', () => {
    it.each<[string, Case]>([
      [
        'a tertiary project is not productive under the default sectors',
        {
          given: (h) => h.policy('A', 300, '2020-01-01').refer('p1', 'r1', '2024-01-01', 'tertiary').tax('p1', '1000.00', '2026-03-01'),
          when: { period: '2026-H1' },
          then: { lines: [], total: '0.00' },
        },
      ],
      [
        'the locked policy decides the sectors',
        {
          given: (h) =>
            h
              .policy('A', 300, '2020-01-01', { sectors: ['tertiary'] })
              .refer('p1', 'r1', '2024-01-01', 'tertiary')
              .refer('p2', 'r1', '2024-01-01', 'primary')
              .tax('p1', '1000.00', '2026-03-01')
              .tax('p2', '1000.00', '2026-03-01'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 1000.00 @300 = 30.00'], total: '30.00' },
        },
      ],
      [
        'tax paid before the referrer was attached earns nothing',
        {
          given: (h) => h.policy('A', 300, '2020-01-01').refer('p1', 'r1', '2026-03-15').tax('p1', '1000.00', '2026-03-14').tax('p1', '2000.00', '2026-03-15'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 2000.00 @300 = 60.00'], total: '60.00' },
        },
      ],
      [
        'a voided payment earns nothing',
        {
          given: () => base().tax('p1', '1000.00', '2026-03-01', 't1').tax('p1', '2000.00', '2026-03-02').void('t1'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 2000.00 @300 = 60.00'], total: '60.00' },
        },
      ],
    ])('%s', (_rule, c) => check(c));
  });

  describe('after a payout: frozen statements and adjustments', () => {
    it.each<[string, Case]>([
      [
        'a paid statement is frozen: late tax for its period does not change it',
        {
          given: () => base().tax('p1', '1000.00', '2026-03-01').pay('r1', '2026-H1', '2026-07-10').tax('p1', '500.00', '2026-06-20'),
          when: { period: '2026-H1' },
          then: { lines: ['p1 1000.00 @300 = 30.00'], total: '30.00', paid: '30.00' },
        },
      ],
      [
        'late tax for a paid period: an adjustment on the next statement',
        {
          given: () =>
            base().tax('p1', '1000.00', '2026-03-01').pay('r1', '2026-H1', '2026-07-10').tax('p1', '500.00', '2026-06-20').tax('p1', '2000.00', '2026-08-01'),
          when: { period: '2026-H2' },
          then: { lines: ['p1 2000.00 @300 = 60.00'], adjustments: ['p1 2026-H1 15.00 underpaid'], total: '75.00' },
        },
      ],
      [
        'a void after the payout: a negative adjustment',
        {
          given: () => base().tax('p1', '1000.00', '2026-03-01', 't1').pay('r1', '2026-H1', '2026-07-10').void('t1').tax('p1', '2000.00', '2026-08-01'),
          when: { period: '2026-H2' },
          then: { lines: ['p1 2000.00 @300 = 60.00'], adjustments: ['p1 2026-H1 -30.00 overpaid'], total: '30.00' },
        },
      ],
      [
        'no later statement yet: the half year after the latest paid one, not a skipped earlier one',
        {
          given: () =>
            base()
              .tax('p1', '1000.00', '2026-03-01')
              .pay('r1', '2026-H1', '2026-07-10')
              .tax('p1', '1000.00', '2027-03-01') // nothing in 2026-H2
              .pay('r1', '2027-H1', '2027-07-10')
              .tax('p1', '100.00', '2026-05-01'),
          when: { period: '2027-H2' },
          then: { lines: [], adjustments: ['p1 2026-H1 3.00 underpaid'], total: '3.00' },
        },
      ],
      [
        'an unpaid statement with lines before the latest paid one takes the adjustment (it is the earliest unpaid after)',
        {
          given: () =>
            base()
              .tax('p1', '1000.00', '2026-03-01')
              .pay('r1', '2026-H1', '2026-07-10')
              .tax('p1', '1000.00', '2026-09-01') // 2026-H2 is held, not paid
              .tax('p1', '1000.00', '2027-03-01')
              .pay('r1', '2027-H1', '2027-07-10')
              .tax('p1', '100.00', '2026-05-01'),
          when: { period: '2026-H2' },
          then: { lines: ['p1 1000.00 @300 = 30.00'], adjustments: ['p1 2026-H1 3.00 underpaid'], total: '33.00' },
        },
      ],
      [
        'a repeal recorded after the payout, dated before it, claws back through an adjustment',
        {
          given: () => base().tax('p1', '1000.00', '2026-03-01').pay('r1', '2026-H1', '2026-07-10').repeal('A', '2026-02-01'),
          when: { period: '2026-H2' },
          then: { lines: [], adjustments: ['p1 2026-H1 -30.00 overpaid'], total: '-30.00' },
        },
      ],
    ])('%s', (_rule, c) => check(c));
  });

  describe('negative totals carry forward', () => {
    // 2026-H1 paid 300.00, then its tax is voided; 2026-H2 earns only 30.00.
    const voided = () => base().tax('p1', '10000.00', '2026-03-01', 't1').pay('r1', '2026-H1', '2026-07-10').tax('p1', '1000.00', '2026-08-01').void('t1');
    it.each<[string, Case]>([
      [
        'the last open statement shows the negative total',
        {
          given: voided,
          when: { period: '2026-H2' },
          then: { lines: ['p1 1000.00 @300 = 30.00'], adjustments: ['p1 2026-H1 -300.00 overpaid'], total: '-270.00' },
        },
      ],
      [
        'once a later statement has lines, the negative one hands its items on and shows zero',
        {
          given: () => voided().tax('p1', '20000.00', '2027-03-01'),
          when: { period: '2026-H2' },
          then: { lines: ['p1 1000.00 @300 = 30.00'], adjustments: ['p1 2026-H1 -300.00 overpaid', '- 2027-H1 270.00 carried_forward'], total: '0.00' },
        },
      ],
      [
        'the receiving statement names each carried item by its period',
        {
          given: () => voided().tax('p1', '20000.00', '2027-03-01'),
          when: { period: '2027-H1' },
          then: {
            lines: ['p1 20000.00 @300 = 600.00'],
            adjustments: ['p1 2026-H1 -300.00 overpaid', 'p1 2026-H2 30.00 carried_forward'],
            total: '330.00',
          },
        },
      ],
      [
        'once the receiving statement is paid, the carried statement still shows its own lines (tax was paid in it)',
        {
          given: () => voided().tax('p1', '20000.00', '2027-03-01').pay('r1', '2027-H1', '2027-07-02'),
          when: { period: '2026-H2' },
          then: { lines: ['p1 1000.00 @300 = 30.00'], adjustments: ['p1 2026-H1 -300.00 overpaid', '- 2027-H1 270.00 carried_forward'], total: '0.00' },
        },
      ],
      [
        'a chain of carries: each carried statement shows its own lines, handed on to the one that paid',
        {
          given: () =>
            voided()
              .tax('p1', '2000.00', '2027-03-01') // 2027-H1 earns 60.00: still negative after 2026-H2's −270.00
              .tax('p1', '30000.00', '2027-09-01') // 2027-H2 earns 900.00 and receives both
              .pay('r1', '2027-H2', '2028-01-05'),
          when: { period: '2027-H1' },
          then: {
            lines: ['p1 2000.00 @300 = 60.00'],
            adjustments: ['p1 2026-H1 -300.00 overpaid', 'p1 2026-H2 30.00 carried_forward', '- 2027-H2 210.00 carried_forward'],
            total: '0.00',
          },
        },
      ],
      [
        'once the receiving statement is paid, later changes to the carried period become adjustments too',
        {
          given: () => voided().tax('p1', '20000.00', '2027-03-01').pay('r1', '2027-H1', '2027-07-02').tax('p1', '1000.00', '2026-09-01'),
          when: { period: '2027-H2' },
          then: { lines: [], adjustments: ['p1 2026-H2 30.00 underpaid'], total: '30.00' },
        },
      ],
    ])('%s', (_rule, c) => check(c));
  });

  describe('the cap counts paid and payable together', () => {
    const capped = () =>
      new FactsBuilder().policy('A', 1000, '2020-01-01', { cap: '100.00' }).refer('p1', 'r1', '2024-01-01').tax('p1', '800.00', '2026-03-01', 't1');
    it.each<[string, Case]>([
      [
        'a void in a paid period frees room for the next line',
        {
          given: () => capped().pay('r1', '2026-H1', '2026-07-10').tax('p1', '800.00', '2026-09-01').void('t1'),
          when: { period: '2026-H2' },
          then: { lines: ['p1 800.00 @1000 = 80.00'], adjustments: ['p1 2026-H1 -80.00 overpaid'], total: '0.00' },
        },
      ],
      [
        'late tax in an earlier paid period moves the cut back to it: the adjustments net to zero',
        {
          given: () =>
            capped().pay('r1', '2026-H1', '2026-07-10').tax('p1', '800.00', '2026-09-01').pay('r1', '2026-H2', '2027-01-05').tax('p1', '200.00', '2026-06-01'),
          when: { period: '2027-H1' },
          then: { lines: [], adjustments: ['p1 2026-H1 20.00 underpaid', 'p1 2026-H2 -20.00 overpaid'], total: '0.00' },
        },
      ],
    ])('%s', (_rule, c) => check(c));
  });

  it('lists every referrer of a period with the sum', () => {
    const facts = base()
      .refer('p2', 'r2', '2024-01-01')
      .refer('p3', 'r3', '2024-01-01')
      .tax('p1', '1000.00', '2026-03-01')
      .tax('p2', '2000.00', '2026-03-01').facts;
    const result = periodStatements(facts, '2026-H1');
    expect(result.statements.map((s) => [s.referrerId, fromFen(s.totalFen)])).toEqual([
      ['r1', '30.00'],
      ['r2', '60.00'],
    ]);
    expect(fromFen(result.totalFen)).toBe('90.00');
  });
});
