/**
 * A reward policy's stream: issued once, repealed at most once. Pure: no clock, no store.
 * Refusals are returned as RuleViolation (422); repealing an unknown policy throws NotFound (404).
 */
import { NotFound, RuleViolation, fromFen, isAmount, isLocalDate, toFen, type Decider, type Decision, type Money } from '../../kernel/index.js';
import { type Sector, SECTORS } from '../../projects/domain/index.js';
import type { RewardPolicyEvent } from './events.js';

/** 生產性企業 unless the policy says otherwise. */
export const DEFAULT_PRODUCTIVE_SECTORS: readonly Sector[] = ['primary', 'secondary'];

export type PolicyState = null | { policyId: string; effectiveFrom: string; repealedFrom: string | null };

export type PolicyCommand =
  | {
      type: 'IssueRewardPolicy';
      policyId: string;
      rateBps: number;
      productiveSectors?: readonly string[];
      effectiveFrom: string;
      lifetimeCap?: Money | null;
    }
  | { type: 'RepealRewardPolicy'; policyId: string; repealedFrom: string; reason: string };

export function evolvePolicy(state: PolicyState, event: RewardPolicyEvent): PolicyState {
  if (event.type === 'RewardPolicyIssued') {
    return { policyId: event.data.policyId, effectiveFrom: event.data.effectiveFrom, repealedFrom: null };
  }
  return state && { ...state, repealedFrom: event.data.repealedFrom };
}

export const decidePolicy: Decider<PolicyCommand, PolicyState, RewardPolicyEvent> = (command, state) =>
  command.type === 'IssueRewardPolicy' ? issue(state, command) : repeal(state, command);

function issue(state: PolicyState, c: Extract<PolicyCommand, { type: 'IssueRewardPolicy' }>): Decision<RewardPolicyEvent> {
  if (state) return new RuleViolation('policy-exists', `reward policy ${c.policyId} was already issued`);
  if (!Number.isInteger(c.rateBps) || c.rateBps < 1 || c.rateBps > 10_000) {
    return new RuleViolation('rate-bps', 'rateBps must be a whole number of basis points from 1 to 10000');
  }
  const sectors = c.productiveSectors ?? DEFAULT_PRODUCTIVE_SECTORS;
  const known = new Set<string>(SECTORS);
  if (sectors.length === 0 || new Set(sectors).size !== sectors.length || !sectors.every((s) => known.has(s))) {
    return new RuleViolation('productive-sectors', `productiveSectors must be distinct sectors among ${SECTORS.join(', ')}`);
  }
  if (!isLocalDate(c.effectiveFrom)) return new RuleViolation('effective-from', 'effectiveFrom must be a calendar date');
  const cap = c.lifetimeCap ?? null;
  if (cap && (cap.currency !== 'CNY' || !isAmount(cap.amount) || toFen(cap.amount) <= 0n)) {
    return new RuleViolation('lifetime-cap', 'lifetimeCap must be a CNY amount greater than zero');
  }
  return [
    {
      type: 'RewardPolicyIssued',
      data: {
        policyId: c.policyId,
        rateBps: c.rateBps,
        // Stored in the canonical sector order so equal policies have equal events.
        productiveSectors: SECTORS.filter((s) => sectors.includes(s)),
        effectiveFrom: c.effectiveFrom,
        lifetimeCap: cap && fromFen(toFen(cap.amount)),
      },
    },
  ];
}

function repeal(state: PolicyState, c: Extract<PolicyCommand, { type: 'RepealRewardPolicy' }>): Decision<RewardPolicyEvent> {
  if (!state) throw new NotFound(`no reward policy ${c.policyId}`);
  if (state.repealedFrom !== null) {
    return new RuleViolation('repeal-once', `reward policy ${c.policyId} was already repealed from ${state.repealedFrom}`);
  }
  if (!isLocalDate(c.repealedFrom)) return new RuleViolation('repealed-from', 'repealedFrom must be a calendar date');
  if (c.repealedFrom < state.effectiveFrom) {
    return new RuleViolation('repealed-from', `repealedFrom must be on or after the policy's effectiveFrom ${state.effectiveFrom}`);
  }
  if (c.reason.trim() === '') return new RuleViolation('reason', 'a repeal needs a reason');
  return [{ type: 'RewardPolicyRepealed', data: { policyId: c.policyId, repealedFrom: c.repealedFrom, reason: c.reason } }];
}
