/**
 * Test helper: writes RewardFacts in the order a ledger would record them (each call is the next
 * global position) and records payouts through the real decider, so tests read as histories.
 */
import { toFen } from '../../kernel/index.js';
import type { Sector } from '../../projects/domain/index.js';
import { statementOf } from '../domain/engine.js';
import type { PolicyFact, ReferralFact, RewardFacts, TaxFact } from '../domain/facts.js';
import { DEFAULT_PRODUCTIVE_SECTORS } from '../domain/policy.js';
import { thaw, type PaidStatement } from '../domain/statement.js';
import { payInFull } from './pay-in-full.js';

export class FactsBuilder {
  private position = 0;
  private readonly policies: PolicyFact[] = [];
  private readonly referrals: ReferralFact[] = [];
  private readonly taxes: TaxFact[] = [];
  private readonly payouts: PaidStatement[] = [];

  get facts(): RewardFacts {
    return { policies: [...this.policies], referrals: [...this.referrals], taxes: [...this.taxes], payouts: [...this.payouts] };
  }

  policy(policyId: string, rateBps: number, effectiveFrom: string, options: { sectors?: Sector[]; cap?: string } = {}): this {
    this.policies.push({
      policyId,
      rateBps,
      productiveSectors: options.sectors ?? DEFAULT_PRODUCTIVE_SECTORS,
      effectiveFrom,
      lifetimeCapFen: options.cap === undefined ? null : toFen(options.cap),
      issuedAt: ++this.position,
      repeal: null,
    });
    return this;
  }

  repeal(policyId: string, repealedFrom: string): this {
    const i = this.policies.findIndex((p) => p.policyId === policyId);
    this.policies[i] = { ...this.policies[i], repeal: { repealedFrom, recordedAt: ++this.position } };
    return this;
  }

  refer(projectId: string, referrerId: string, attachedOn: string, sector: Sector = 'secondary'): this {
    this.referrals.push({ projectId, referrerId, sector, attachedOn, attachedAt: ++this.position });
    return this;
  }

  tax(projectId: string, amount: string, paidOn: string, eventId = `tax-${this.position + 1}`): this {
    this.position++;
    this.taxes.push({ eventId, projectId, amountFen: toFen(amount), paidOn, voided: false });
    return this;
  }

  void(eventId: string): this {
    this.position++;
    const i = this.taxes.findIndex((t) => t.eventId === eventId);
    this.taxes[i] = { ...this.taxes[i], voided: true };
    return this;
  }

  /** Pays the statement's current total, as finance would, through decidePayout. */
  pay(referrerId: string, period: string, paidOn: string): this {
    this.position++;
    const paid = new Set(this.payouts.filter((p) => p.referrerId === referrerId).map((p) => p.period));
    const { data } = payInFull(paid, statementOf(this.facts, referrerId, period), paidOn);
    this.payouts.push(thaw(referrerId, period, data.statement, { amountFen: toFen(data.amount), paymentReference: data.paymentReference, paidOn }));
    return this;
  }
}
