import { fromFen, refused } from '../../kernel/index.js';
import type { PayoutEvent } from '../domain/events.js';
import { decidePayout, type PayoutState } from '../domain/payout.js';
import type { Statement } from '../domain/statement.js';

/** Test helper: finance paying a statement's current total on `paidOn` (also "today"); throws what the decider refuses. */
export function payInFull(paid: PayoutState, statement: Statement, paidOn: string): PayoutEvent {
  const command = {
    referrerId: statement.referrerId,
    period: statement.period,
    amount: { amount: fromFen(statement.totalFen), currency: 'CNY' },
    paymentReference: `PAY-${statement.referrerId}-${statement.period}`,
    paidOn,
  };
  const decision = decidePayout({ ...command, statement }, paid, paidOn);
  if (refused(decision)) throw decision;
  return decision[0];
}
