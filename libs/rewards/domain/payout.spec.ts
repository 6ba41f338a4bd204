import { Conflict, toFen } from '../../kernel/index.js';
import { deciderSpec } from '../../kernel/testing/decider.js';
import type { PayoutEvent } from './events.js';
import { decidePayout, evolvePayouts, NO_PAYOUTS, type PayoutState, type PayoutToDecide, type RecordPayout } from './payout.js';
import { statementTotal, type Statement } from './statement.js';

const lines = [{ projectId: 'p1', taxPaidFen: toFen('1000.00'), rateBps: 300, rewardFen: toFen('30.00') }];
const adjustments = [{ projectId: 'p1', forPeriod: '2025-H2', amountFen: toFen('-10.00'), reason: 'overpaid' as const }];
const statement: Statement = { referrerId: 'r1', period: '2026-H1', lines, adjustments, totalFen: statementTotal(lines, adjustments), paid: null };
const pay = (extra: Partial<RecordPayout> = {}): RecordPayout => ({
  referrerId: 'r1',
  period: '2026-H1',
  amount: { amount: '20.00', currency: 'CNY' },
  paymentReference: 'BANK-1',
  paidOn: '2026-07-01',
  ...extra,
});
const today = '2026-07-15';

const { given } = deciderSpec<PayoutToDecide, PayoutState, PayoutEvent>({
  decide: decidePayout,
  evolve: (state, event) => evolvePayouts(state, event),
  initial: NO_PAYOUTS,
  today,
});

/** What paying the 2026-H1 statement records. */
const paid2026H1: PayoutEvent = {
  type: 'PayoutRecorded',
  data: {
    referrerId: 'r1',
    period: '2026-H1',
    amount: '20.00',
    paymentReference: 'BANK-1',
    paidOn: '2026-07-01',
    statement: {
      lines: [{ projectId: 'p1', taxPaidCny: '1000.00', rateBps: 300, reward: '30.00' }],
      adjustments: [{ projectId: 'p1', forPeriod: '2025-H2', amount: '-10.00', reason: 'overpaid' }],
    },
  },
};

describe('payout decider', () => {
  it('records the payment and freezes the statement it paid', () => {
    given([])
      .when({ ...pay(), statement: statement })
      .then([paid2026H1]);
  });

  it.each<[string, Partial<RecordPayout>, Partial<Statement>, string]>([
    ['an amount other than the total', { amount: { amount: '20.01', currency: 'CNY' } }, {}, 'amount-equals-total'],
    ['a statement with nothing to pay', { amount: { amount: '0.00', currency: 'CNY' } }, { lines: [], adjustments: [], totalFen: 0n }, 'nothing-to-pay'],
    ['a negative statement', { amount: { amount: '10.00', currency: 'CNY' } }, { totalFen: -1000n }, 'nothing-to-pay'],
    ['a foreign currency', { amount: { amount: '20.00', currency: 'USD' } }, {}, 'cny-amount'],
    ['a quarter instead of a half year', { period: '2026-Q1' }, { period: '2026-Q1' }, 'half-year'],
    ['paying on the last day of the half year', { paidOn: '2026-06-30' }, {}, 'after-period-end'],
    ['paying before the half year ended', { period: '2026-H2', paidOn: '2026-07-10' }, { period: '2026-H2' }, 'after-period-end'],
    ['paying on a future day', { paidOn: '2026-07-16' }, {}, 'not-in-future'],
    ['a non-date', { paidOn: '2026-07-32' }, {}, 'paid-on'],
    ['no payment reference', { paymentReference: ' ' }, {}, 'payment-reference'],
  ])('refuses %s (422)', (_name, command, current, expected) => {
    given([])
      .when({ ...pay(command), statement: { ...statement, ...current } })
      .thenRefused(expected);
  });

  it('pays a year-end half year from 1 January', () => {
    const h2 = { ...statement, period: '2025-H2' };
    expect(given([]).when({ ...pay({ period: '2025-H2', paidOn: '2026-01-01' }), statement: h2 }, '2026-01-01').decision).toHaveLength(1);
  });

  it('refuses a second payout for the period with a Conflict (409), whatever the amount', () => {
    const paid = given([paid2026H1]);
    expect(paid.when({ ...pay(), statement: statement }).thenThrows(Conflict).details).toEqual({ referrerId: 'r1', period: '2026-H1' });
    paid.when({ ...pay({ amount: { amount: '1.00', currency: 'CNY' } }), statement: statement }).thenThrows(Conflict);
    expect(paid.when({ ...pay({ period: '2025-H2' }), statement: { ...statement, period: '2025-H2' } }).decision).toHaveLength(1);
  });
});
