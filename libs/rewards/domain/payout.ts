/**
 * A referrer's payouts stream: each half year paid at most once, for exactly the statement's total at
 * that moment, which the payout freezes. Pure: "today" and the current statement come in as arguments.
 * A second payout for a period throws Conflict (409); other refusals are returned as RuleViolation (422).
 */
import { Conflict, RuleViolation, fromFen, isAmount, isLocalDate, parsePeriod, toFen, type Decider, type Money } from '../../kernel/index.js';
import type { PayoutEvent } from './events.js';
import { freeze, type Statement } from './statement.js';

/** The half years already paid to this referrer. */
export type PayoutState = ReadonlySet<string>;

export const NO_PAYOUTS: PayoutState = new Set();

export interface RecordPayout {
  referrerId: string;
  period: string;
  amount: Money;
  paymentReference: string;
  paidOn: string;
}

export function evolvePayouts(state: PayoutState, event: PayoutEvent): PayoutState {
  return new Set([...state, event.data.period]);
}

/** A payout to decide, with the referrer's statement for its period as the read model has it now. */
export type PayoutToDecide = RecordPayout & { statement: Statement };

export const decidePayout: Decider<PayoutToDecide, PayoutState, PayoutEvent> = ({ statement, ...command }, state, today) => {
  if (statement.referrerId !== command.referrerId || statement.period !== command.period) {
    throw new RangeError(`statement ${statement.referrerId}/${statement.period} does not match the payout`);
  }
  const half = parsePeriod(command.period);
  if (half?.kind !== 'half') return new RuleViolation('half-year', 'period must be a half year like 2026-H1');
  if (state.has(command.period)) {
    throw new Conflict(`${command.period} was already paid to referrer ${command.referrerId}`, { referrerId: command.referrerId, period: command.period });
  }
  if (!isLocalDate(command.paidOn)) return new RuleViolation('paid-on', 'paidOn must be a calendar date');
  if (command.paidOn > today) return new RuleViolation('not-in-future', `paidOn ${command.paidOn} is after today ${today}`);
  // Paying before the half year ends would freeze a statement its own later tax would still change.
  if (command.paidOn <= half.to) return new RuleViolation('after-period-end', `${command.period} can be paid from the day after ${half.to}`);
  if (command.paymentReference.trim() === '') return new RuleViolation('payment-reference', 'a payout needs a payment reference');
  if (command.amount.currency !== 'CNY' || !isAmount(command.amount.amount)) {
    return new RuleViolation('cny-amount', 'a payout is an exact CNY amount');
  }
  if (statement.totalFen <= 0n) {
    return new RuleViolation('nothing-to-pay', `the ${command.period} statement totals ${fromFen(statement.totalFen)}: nothing to pay`);
  }
  const amountFen = toFen(command.amount.amount);
  if (amountFen !== statement.totalFen) {
    return new RuleViolation(
      'amount-equals-total',
      `the amount ${fromFen(amountFen)} differs from the ${command.period} statement total ${fromFen(statement.totalFen)}`,
    );
  }
  return [
    {
      type: 'PayoutRecorded',
      data: {
        referrerId: command.referrerId,
        period: command.period,
        amount: fromFen(amountFen),
        paymentReference: command.paymentReference,
        paidOn: command.paidOn,
        statement: freeze(statement),
      },
    },
  ];
};
