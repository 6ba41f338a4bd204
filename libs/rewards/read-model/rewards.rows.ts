/**
 * The `rewards` tables' rows as the domain's types: shared by the projection (which derives the
 * statements) and the queries (which read them).
 */
import { toFen } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/projection.js';
import type { Sector } from '../../projects/domain/index.js';
import type { FrozenStatement } from '../domain/events.js';
import type { PolicyFact } from '../domain/facts.js';
import { thaw, type PaidStatement } from '../domain/statement.js';

export interface PolicyRow {
  policy_id: string;
  rate_bps: number;
  productive_sectors: string;
  effective_from: string;
  lifetime_cap: string | null;
  issued_at: number;
  repealed_from: string | null;
  repeal_recorded_at: number | null;
  repeal_reason: string | null;
}

export function policyFact(p: PolicyRow): PolicyFact {
  return {
    policyId: p.policy_id,
    rateBps: p.rate_bps,
    productiveSectors: JSON.parse(p.productive_sectors) as Sector[],
    effectiveFrom: p.effective_from,
    lifetimeCapFen: p.lifetime_cap === null ? null : toFen(p.lifetime_cap),
    issuedAt: p.issued_at,
    repeal: p.repealed_from === null || p.repeal_recorded_at === null ? null : { repealedFrom: p.repealed_from, recordedAt: p.repeal_recorded_at },
  };
}

interface PayoutRow {
  referrer_id: string;
  period: string;
  amount: string;
  payment_reference: string;
  paid_on: string;
  statement: string;
}

/** The referrer's paid statements, as their payouts froze them. */
export function payoutsOf(db: ReadDb, referrerId: string): PaidStatement[] {
  return (db.prepare('SELECT * FROM rewards_payouts WHERE referrer_id = ?').all(referrerId) as PayoutRow[]).map((p) =>
    thaw(p.referrer_id, p.period, JSON.parse(p.statement) as FrozenStatement, {
      amountFen: toFen(p.amount),
      paymentReference: p.payment_reference,
      paidOn: p.paid_on,
    }),
  );
}
