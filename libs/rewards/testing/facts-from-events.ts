/**
 * Test oracle: the RewardFacts of a ledger folded straight from its events, without the read model,
 * so that the pure engine's statements from them (`periodStatements`, the way statements were computed
 * before the read model kept them) can be compared with what the projection keeps.
 */
import type { StoredEvent } from '../../event-store/index.js';
import { toFen } from '../../kernel/index.js';
import { isProjectEvent, PROJECT_STREAM_PREFIX, type Sector } from '../../projects/domain/index.js';
import { isRewardEvent } from '../domain/events.js';
import type { PolicyFact, ReferralFact, RewardFacts, TaxFact } from '../domain/facts.js';
import { thaw, type PaidStatement } from '../domain/statement.js';

export function factsFromEvents(events: readonly StoredEvent[]): RewardFacts {
  const policies = new Map<string, PolicyFact>();
  const sectors = new Map<string, Sector>();
  const referrals = new Map<string, ReferralFact>();
  const taxes = new Map<string, TaxFact>();
  const payouts: PaidStatement[] = [];
  const refer = (projectId: string, referrerId: string, attachedOn: string, attachedAt: number) => {
    if (!referrals.has(projectId)) referrals.set(projectId, { projectId, referrerId, sector: sectors.get(projectId)!, attachedOn, attachedAt });
  };
  for (const e of events) {
    if (isProjectEvent(e)) {
      const projectId = e.streamId.slice(PROJECT_STREAM_PREFIX.length);
      if (e.type === 'LeadRegistered') {
        sectors.set(projectId, e.data.sector);
        if (e.data.referrer) refer(projectId, e.data.referrer.referrerId, e.data.leadOn, e.globalPosition);
      } else if (e.type === 'ReferrerAssigned') refer(projectId, e.data.referrer.referrerId, e.data.assignedOn, e.globalPosition);
      else if (e.type === 'TaxPaid')
        taxes.set(e.eventId, { eventId: e.eventId, projectId, amountFen: toFen(e.data.amount.cny), paidOn: e.data.paidOn, voided: false });
      else if (e.type === 'FactVoided') {
        const tax = taxes.get(e.data.voidedEventId);
        if (tax) tax.voided = true;
      }
    } else if (isRewardEvent(e)) {
      if (e.type === 'RewardPolicyIssued') {
        const d = e.data;
        policies.set(d.policyId, {
          policyId: d.policyId,
          rateBps: d.rateBps,
          productiveSectors: d.productiveSectors,
          effectiveFrom: d.effectiveFrom,
          lifetimeCapFen: d.lifetimeCap === null ? null : toFen(d.lifetimeCap),
          issuedAt: e.globalPosition,
          repeal: null,
        });
      } else if (e.type === 'RewardPolicyRepealed') {
        const policy = policies.get(e.data.policyId)!;
        policies.set(e.data.policyId, { ...policy, repeal: { repealedFrom: e.data.repealedFrom, recordedAt: e.globalPosition } });
      } else {
        const d = e.data;
        payouts.push(thaw(d.referrerId, d.period, d.statement, { amountFen: toFen(d.amount), paymentReference: d.paymentReference, paidOn: d.paidOn }));
      }
    }
  }
  return { policies: [...policies.values()], referrals: [...referrals.values()], taxes: [...taxes.values()], payouts };
}
