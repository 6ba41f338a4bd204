/**
 * Test helper: a ledger written event by event through a MemoryEventStore, with the projector
 * following it as the shell does; policies and payouts go through the real deciders.
 */
import Database from 'better-sqlite3';
import { MemoryEventStore, type StoredEvent } from '../../event-store/index.js';
import { maxDate, refused, type Json } from '../../kernel/index.js';
import { Projector } from '../../projector/index.js';
import { type ProjectEvent, projectStreamId, type Sector } from '../../projects/domain/index.js';
import { isPayoutEvent, isRewardPolicyEvent, referrerPayoutsStreamId, rewardPolicyStreamId, type PayoutEvent, type RewardEvent } from '../domain/events.js';
import { evolvePayouts, NO_PAYOUTS } from '../domain/payout.js';
import { decidePolicy, evolvePolicy, type PolicyCommand, type PolicyState } from '../domain/policy.js';
import { RewardsProjection } from '../read-model/rewards.projection.js';
import { statement } from '../read-model/rewards.queries.js';
import { payInFull } from './pay-in-full.js';

const cny = (amount: string) => ({ amount, currency: 'CNY', cny: amount });

export class RewardsLedger {
  readonly store = new MemoryEventStore();
  readonly projector = new Projector(this.store, new Database(':memory:'), [new RewardsProjection()]);
  readonly db = this.projector.db;

  constructor() {
    this.projector.start();
  }

  private async append(streamId: string, event: ProjectEvent | RewardEvent, occurredOn: string): Promise<StoredEvent> {
    const { events } = await this.store.append(
      streamId,
      [{ type: event.type, data: event.data as unknown as { [key: string]: Json }, occurredOn, actor: 'test', role: 'admin' }],
      { expectedRevision: 'any' },
    );
    await this.projector.waitFor(events[0].globalPosition);
    return events[0];
  }

  private async decidePolicy(command: PolicyCommand, on: string): Promise<void> {
    const streamId = rewardPolicyStreamId(command.policyId);
    const history = (await this.store.readStream(streamId)).filter(isRewardPolicyEvent);
    const decision = decidePolicy(command, history.reduce<PolicyState>(evolvePolicy, null), on);
    if (refused(decision)) throw decision;
    for (const event of decision) await this.append(streamId, event, on);
  }

  policy(policyId: string, rateBps: number, effectiveFrom: string, options: { sectors?: Sector[]; cap?: string } = {}): Promise<void> {
    const lifetimeCap = options.cap === undefined ? null : { amount: options.cap, currency: 'CNY' };
    return this.decidePolicy({ type: 'IssueRewardPolicy', policyId, rateBps, productiveSectors: options.sectors, effectiveFrom, lifetimeCap }, effectiveFrom);
  }

  repeal(policyId: string, repealedFrom: string): Promise<void> {
    return this.decidePolicy({ type: 'RepealRewardPolicy', policyId, repealedFrom, reason: 'fair-competition review' }, repealedFrom);
  }

  async lead(projectId: string, sector: Sector, referrerId: string | null, leadOn: string): Promise<void> {
    const referrer = referrerId === null ? null : { referrerId, name: `${referrerId} name`, kind: 'person' as const };
    await this.append(
      projectStreamId(projectId),
      {
        type: 'LeadRegistered',
        data: {
          projectId,
          name: `${projectId} name`,
          investor: `${projectId} investor`,
          origin: 'domestic',
          sector,
          plannedInvestment: cny('50000000.00'),
          unitId: 'xiajin',
          parkId: null,
          referrer,
          leadOn,
          distinctFrom: null,
        },
      },
      leadOn,
    );
  }

  async assign(projectId: string, referrerId: string, assignedOn: string): Promise<void> {
    const referrer = { referrerId, name: `${referrerId} name`, kind: 'organization' as const };
    await this.append(projectStreamId(projectId), { type: 'ReferrerAssigned', data: { referrer, assignedOn } }, assignedOn);
  }

  /** Returns the tax event's id, for voids. */
  async tax(projectId: string, amount: string, paidOn: string): Promise<string> {
    const event = { type: 'TaxPaid' as const, data: { amount: cny(amount), taxMonth: paidOn.slice(0, 7), paymentReference: `T-${paidOn}`, paidOn } };
    return (await this.append(projectStreamId(projectId), event, paidOn)).eventId;
  }

  async void(projectId: string, voidedEventId: string, on: string): Promise<void> {
    await this.append(projectStreamId(projectId), { type: 'FactVoided', data: { voidedEventId, voidedType: 'TaxPaid', reason: 'wrong entry', on } }, on);
  }

  /** Voids the `pick`-th (modulo) of the taxes still live, on `today` or its payment date if later, and marks it voided. */
  async voidOneOf(taxes: { eventId: string; project: number; paidOn: string; voided: boolean }[], pick: number, today: string): Promise<void> {
    const live = taxes.filter((t) => !t.voided);
    if (live.length === 0) return;
    const t = live[pick % live.length];
    await this.void(`p${t.project}`, t.eventId, maxDate(t.paidOn, today));
    t.voided = true;
  }

  /** Pays the referrer's statement for the period in full, as finance would. */
  async pay(referrerId: string, period: string, paidOn: string): Promise<PayoutEvent> {
    const streamId = referrerPayoutsStreamId(referrerId);
    const paid = (await this.store.readStream(streamId)).filter(isPayoutEvent).reduce(evolvePayouts, NO_PAYOUTS);
    const event = payInFull(paid, statement(this.db, referrerId, period), paidOn);
    await this.append(streamId, event, paidOn);
    return event;
  }
}
