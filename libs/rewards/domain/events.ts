/**
 * The rewards capability's own events. One stream per reward policy (`reward-policy-<policyId>`) and one
 * per referrer for payouts (`referrer-payouts-<referrerId>`). Money is a decimal string, as in every event.
 */
import { narrow } from '../../event-store/narrow.js';
import type { Sector } from '../../projects/domain/index.js';

/** What a paid statement said, frozen into its payout so the ledger records exactly what was paid. */
export type FrozenStatement = {
  lines: { projectId: string; taxPaidCny: string; rateBps: number; reward: string }[];
  adjustments: { projectId: string | null; forPeriod: string; amount: string; reason: string }[];
};

export type RewardPolicyEvent =
  | {
      type: 'RewardPolicyIssued';
      data: {
        policyId: string;
        rateBps: number;
        productiveSectors: Sector[];
        effectiveFrom: string;
        /** Per referral, CNY; null for no cap. */
        lifetimeCap: string | null;
      };
    }
  | { type: 'RewardPolicyRepealed'; data: { policyId: string; repealedFrom: string; reason: string } };

export type PayoutEvent = {
  type: 'PayoutRecorded';
  data: {
    referrerId: string;
    /** Half year, `YYYY-H1` or `YYYY-H2`. */
    period: string;
    amount: string;
    paymentReference: string;
    paidOn: string;
    statement: FrozenStatement;
  };
};

export type RewardEvent = RewardPolicyEvent | PayoutEvent;

export const REWARD_POLICY_EVENT_TYPES: readonly RewardPolicyEvent['type'][] = ['RewardPolicyIssued', 'RewardPolicyRepealed'];
export const PAYOUT_EVENT_TYPES: readonly PayoutEvent['type'][] = ['PayoutRecorded'];
/** Stored events typed as the rewards capability's own events: policies, payouts, either. */
export const isRewardPolicyEvent = narrow<RewardPolicyEvent>(REWARD_POLICY_EVENT_TYPES);
export const isPayoutEvent = narrow<PayoutEvent>(PAYOUT_EVENT_TYPES);
export const isRewardEvent = narrow<RewardEvent>([...REWARD_POLICY_EVENT_TYPES, ...PAYOUT_EVENT_TYPES]);

export const REWARD_POLICY_STREAM_PREFIX = 'reward-policy-';
export const REFERRER_PAYOUTS_STREAM_PREFIX = 'referrer-payouts-';

export function rewardPolicyStreamId(policyId: string): string {
  return `${REWARD_POLICY_STREAM_PREFIX}${policyId}`;
}

export function referrerPayoutsStreamId(referrerId: string): string {
  return `${REFERRER_PAYOUTS_STREAM_PREFIX}${referrerId}`;
}
