/**
 * What the statement engine knows: the rewards-relevant facts of the ledger, each stamped with the
 * global position of the event that recorded it where order matters (rate locking). The read model
 * keeps these in its tables; tests write them by hand.
 */
import type { Fen } from '../../kernel/index.js';
import type { Sector } from '../../projects/domain/index.js';
import type { PaidStatement } from './statement.js';

export interface PolicyFact {
  policyId: string;
  rateBps: number;
  productiveSectors: readonly Sector[];
  effectiveFrom: string;
  lifetimeCapFen: Fen | null;
  /** Global position of RewardPolicyIssued. */
  issuedAt: number;
  repeal: { repealedFrom: string; recordedAt: number } | null;
}

/** The project's first referrer (第一引薦人), from LeadRegistered or ReferrerAssigned. */
export interface ReferralFact {
  projectId: string;
  referrerId: string;
  sector: Sector;
  /** Business date of the attaching event. */
  attachedOn: string;
  /** Global position of the attaching event. */
  attachedAt: number;
}

export interface TaxFact {
  eventId: string;
  projectId: string;
  amountFen: Fen;
  paidOn: string;
  voided: boolean;
}

export interface RewardFacts {
  policies: readonly PolicyFact[];
  referrals: readonly ReferralFact[];
  taxes: readonly TaxFact[];
  payouts: readonly PaidStatement[];
}

/**
 * The rate a referral locked: among the policies recorded before the attaching event, the one with the
 * latest effective date on or before the attachment day (a later recording wins a tie). If that policy
 * was already repealed on that day (by a repeal recorded before the attaching event), nothing is in force:
 * an older policy does not come back.
 */
export function lockedPolicy(policies: readonly PolicyFact[], referral: ReferralFact): PolicyFact | null {
  let chosen: PolicyFact | null = null;
  for (const p of policies) {
    if (p.issuedAt >= referral.attachedAt || p.effectiveFrom > referral.attachedOn) continue;
    if (!chosen || p.effectiveFrom > chosen.effectiveFrom || (p.effectiveFrom === chosen.effectiveFrom && p.issuedAt > chosen.issuedAt)) {
      chosen = p;
    }
  }
  const repeal = chosen?.repeal;
  return repeal && repeal.recordedAt < referral.attachedAt && repeal.repealedFrom <= referral.attachedOn ? null : chosen;
}

/** The locked policy when it counts the project's sector (生產性企業), else null: such a referral has no lines at all. */
export function earningPolicy(policies: readonly PolicyFact[], referral: ReferralFact): PolicyFact | null {
  const policy = lockedPolicy(policies, referral);
  return policy && policy.productiveSectors.includes(referral.sector) ? policy : null;
}

/** Whether a tax payment of the referral's project earns under its locked policy (the repeal counts whenever recorded). */
export function earns(tax: Pick<TaxFact, 'paidOn' | 'voided'>, referral: Pick<ReferralFact, 'attachedOn'>, policy: Pick<PolicyFact, 'repeal'>): boolean {
  return !tax.voided && tax.paidOn >= referral.attachedOn && (policy.repeal === null || tax.paidOn < policy.repeal.repealedFrom);
}
