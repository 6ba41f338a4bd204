/**
 * A referrer's half-year statement (DOMAIN.md "Lifelong referrer rewards") in fen, its frozen form
 * inside a payout event, and its JSON form on the wire (API.md "Finance").
 */
import { cny, fromFen, sumFen, toFen, type Fen, type Money } from '../../kernel/index.js';
import type { FrozenStatement } from './events.js';

export interface StatementLine {
  projectId: string;
  taxPaidFen: Fen;
  rateBps: number;
  rewardFen: Fen;
}

/**
 * - `underpaid` / `overpaid`: a settled period now owes more / less than was paid for it (tax recorded
 *   late or voided, a referrer attached late, a retroactive repeal, the cap re-cut).
 * - `carried_forward`: on the receiving statement, a line of an unpaid period whose negative total was
 *   carried here; on the negative statement itself, the line with `projectId: null` that moves its
 *   total to `forPeriod` (the statement that received it).
 */
export type AdjustmentReason = 'underpaid' | 'overpaid' | 'carried_forward';

export interface AdjustmentLine {
  projectId: string | null;
  forPeriod: string;
  amountFen: Fen;
  reason: AdjustmentReason;
}

export interface Payment {
  amountFen: Fen;
  paymentReference: string;
  paidOn: string;
}

export interface Statement {
  referrerId: string;
  period: string;
  lines: StatementLine[];
  adjustments: AdjustmentLine[];
  totalFen: Fen;
  paid: Payment | null;
}

export interface PaidStatement extends Statement {
  paid: Payment;
}

export function statementTotal(lines: readonly StatementLine[], adjustments: readonly AdjustmentLine[]): Fen {
  return sumFen([...lines.map((l) => l.rewardFen), ...adjustments.map((a) => a.amountFen)]);
}

export function emptyStatement(referrerId: string, period: string): Statement {
  return { referrerId, period, lines: [], adjustments: [], totalFen: 0n, paid: null };
}

export function freeze(statement: Statement): FrozenStatement {
  return {
    lines: statement.lines.map((l) => ({ projectId: l.projectId, taxPaidCny: fromFen(l.taxPaidFen), rateBps: l.rateBps, reward: fromFen(l.rewardFen) })),
    adjustments: statement.adjustments.map((a) => ({ projectId: a.projectId, forPeriod: a.forPeriod, amount: fromFen(a.amountFen), reason: a.reason })),
  };
}

/** The paid statement a payout event records: its frozen lines and the payment itself. */
export function thaw(referrerId: string, period: string, frozen: FrozenStatement, paid: Payment): PaidStatement {
  const lines = frozen.lines.map((l) => ({ projectId: l.projectId, taxPaidFen: toFen(l.taxPaidCny), rateBps: l.rateBps, rewardFen: toFen(l.reward) }));
  const adjustments = frozen.adjustments.map((a) => ({
    projectId: a.projectId,
    forPeriod: a.forPeriod,
    amountFen: toFen(a.amount),
    reason: a.reason as AdjustmentReason,
  }));
  return { referrerId, period, lines, adjustments, totalFen: paid.amountFen, paid };
}

export interface StatementJson {
  referrerId: string;
  period: string;
  lines: { projectId: string; taxPaidCny: Money; rateBps: number; reward: Money }[];
  adjustments: { projectId: string | null; forPeriod: string; amount: Money; reason: AdjustmentReason }[];
  total: Money;
  paid: null | { amount: Money; paymentReference: string; paidOn: string };
}

export function statementJson(s: Statement): StatementJson {
  return {
    referrerId: s.referrerId,
    period: s.period,
    lines: s.lines.map((l) => ({ projectId: l.projectId, taxPaidCny: cny(l.taxPaidFen), rateBps: l.rateBps, reward: cny(l.rewardFen) })),
    adjustments: s.adjustments.map((a) => ({ projectId: a.projectId, forPeriod: a.forPeriod, amount: cny(a.amountFen), reason: a.reason })),
    total: cny(s.totalFen),
    paid: s.paid && { amount: cny(s.paid.amountFen), paymentReference: s.paid.paymentReference, paidOn: s.paid.paidOn },
  };
}

/** The statement a JSON form stands for (the inverse of `statementJson`). */
export function statementFromJson(s: StatementJson): Statement {
  return {
    referrerId: s.referrerId,
    period: s.period,
    lines: s.lines.map((l) => ({ projectId: l.projectId, taxPaidFen: toFen(l.taxPaidCny.amount), rateBps: l.rateBps, rewardFen: toFen(l.reward.amount) })),
    adjustments: s.adjustments.map((a) => ({ projectId: a.projectId, forPeriod: a.forPeriod, amountFen: toFen(a.amount.amount), reason: a.reason })),
    totalFen: toFen(s.total.amount),
    paid: s.paid && { amountFen: toFen(s.paid.amount.amount), paymentReference: s.paid.paymentReference, paidOn: s.paid.paidOn },
  };
}
