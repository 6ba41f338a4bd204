/**
 * Statements read from the `rewards` tables: the rows become RewardFacts, the pure engine does the rest.
 * Query handlers call these with the read-model database.
 */
import { cny, toFen, type Money } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/projection.js';
import type { Sector } from '../../projects/domain/index.js';
import { periodStatements, statementOf, type PeriodStatements } from '../domain/engine.js';
import type { FrozenStatement } from '../domain/events.js';
import type { PolicyFact, ReferralFact, RewardFacts, TaxFact } from '../domain/facts.js';
import { thaw, type Statement } from '../domain/statement.js';

interface PolicyRow {
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

interface ReferralRow {
  project_id: string;
  referrer_id: string;
  sector: Sector;
  attached_on: string;
  attached_at: number;
}

interface TaxRow {
  event_id: string;
  project_id: string;
  amount: string;
  paid_on: string;
  voided: number;
}

interface PayoutRow {
  referrer_id: string;
  period: string;
  amount: string;
  payment_reference: string;
  paid_on: string;
  statement: string;
}

/** The facts of one referrer, or of everyone when `referrerId` is null. */
function loadFacts(db: ReadDb, referrerId: string | null): RewardFacts {
  const only = referrerId === null ? '' : 'WHERE r.referrer_id = @referrerId';
  const params = referrerId === null ? {} : { referrerId };
  const policies = (db.prepare('SELECT * FROM rewards_policies').all() as PolicyRow[]).map((p): PolicyFact => ({
    policyId: p.policy_id,
    rateBps: p.rate_bps,
    productiveSectors: JSON.parse(p.productive_sectors) as Sector[],
    effectiveFrom: p.effective_from,
    lifetimeCapFen: p.lifetime_cap === null ? null : toFen(p.lifetime_cap),
    issuedAt: p.issued_at,
    repeal: p.repealed_from === null || p.repeal_recorded_at === null ? null : { repealedFrom: p.repealed_from, recordedAt: p.repeal_recorded_at },
  }));
  const referrals = (
    db.prepare(`SELECT r.*, p.sector FROM rewards_referrals r JOIN rewards_projects p USING (project_id) ${only}`).all(params) as ReferralRow[]
  ).map((r): ReferralFact => ({ projectId: r.project_id, referrerId: r.referrer_id, sector: r.sector, attachedOn: r.attached_on, attachedAt: r.attached_at }));
  const taxes = (db.prepare(`SELECT t.* FROM rewards_taxes t JOIN rewards_referrals r USING (project_id) ${only}`).all(params) as TaxRow[]).map(
    (t): TaxFact => ({ eventId: t.event_id, projectId: t.project_id, amountFen: toFen(t.amount), paidOn: t.paid_on, voided: t.voided === 1 }),
  );
  const payouts = (db.prepare(`SELECT * FROM rewards_payouts r ${only}`).all(params) as PayoutRow[]).map((p) =>
    thaw(p.referrer_id, p.period, JSON.parse(p.statement) as FrozenStatement, {
      amountFen: toFen(p.amount),
      paymentReference: p.payment_reference,
      paidOn: p.paid_on,
    }),
  );
  return { policies, referrals, taxes, payouts };
}

/** A referrer's statement for a half year (empty when nothing is on it). */
export function statement(db: ReadDb, referrerId: string, period: string): Statement {
  return statementOf(loadFacts(db, referrerId), referrerId, period);
}

/** Every referrer's statement for a half year, and their sum. */
export function statements(db: ReadDb, period: string, onProgress?: (done: number, total: number) => void): PeriodStatements {
  return periodStatements(loadFacts(db, null), period, onProgress);
}

/** A reward policy as set-up reads it: its terms, in the order issued, and whether and from when it was repealed. */
export interface RewardPolicyView {
  policyId: string;
  rateBps: number;
  productiveSectors: Sector[];
  effectiveFrom: string;
  lifetimeCap: Money | null;
  repealed: null | { repealedFrom: string; reason: string };
}

export function rewardPolicies(db: ReadDb): RewardPolicyView[] {
  return (db.prepare('SELECT * FROM rewards_policies ORDER BY issued_at').all() as PolicyRow[]).map((p) => ({
    policyId: p.policy_id,
    rateBps: p.rate_bps,
    productiveSectors: JSON.parse(p.productive_sectors) as Sector[],
    effectiveFrom: p.effective_from,
    lifetimeCap: p.lifetime_cap === null ? null : cny(toFen(p.lifetime_cap)),
    repealed: p.repealed_from === null ? null : { repealedFrom: p.repealed_from, reason: p.repeal_reason ?? '' },
  }));
}

/** Who and what a statement's ids stand for, so exports print names beside them. */
export interface StatementNames {
  referrers: Map<string, string>;
  projects: Map<string, { name: string; investor: string }>;
}

export function statementNames(db: ReadDb): StatementNames {
  const referrers = new Map(
    (db.prepare('SELECT referrer_id, referrer_name FROM rewards_referrals ORDER BY attached_at').all() as { referrer_id: string; referrer_name: string }[])
      .reverse()
      .map((r) => [r.referrer_id, r.referrer_name] as const),
  );
  const projects = new Map(
    (db.prepare('SELECT project_id, name, investor FROM rewards_projects').all() as { project_id: string; name: string; investor: string }[]).map((p) => [
      p.project_id,
      { name: p.name, investor: p.investor },
    ]),
  );
  return { referrers, projects };
}

/** Whether any project ever named this referrer. */
export function referrerKnown(db: ReadDb, referrerId: string): boolean {
  return db.prepare('SELECT 1 FROM rewards_referrals WHERE referrer_id = ? LIMIT 1').get(referrerId) !== undefined;
}
