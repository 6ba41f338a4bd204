/**
 * Statements read from the `rewards` tables: the projection keeps every referrer's statements per half
 * year in the API's JSON (`rewards_statements`), so a read parses the rows it answers with and
 * computes nothing. Query handlers call these with the read-model database.
 */
import { cny, compareText, sumFen, toFen, type Money } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/projection.js';
import type { Sector } from '../../projects/domain/index.js';
import type { PeriodStatements } from '../domain/engine.js';
import { emptyStatement, statementFromJson, type Statement, type StatementJson } from '../domain/statement.js';
import type { PolicyRow } from './rewards.rows.js';

/** A referrer's statement for a half year (empty when nothing is on it). */
export function statement(db: ReadDb, referrerId: string, period: string): Statement {
  const row = db.prepare('SELECT statement FROM rewards_statements WHERE period = ? AND referrer_id = ?').get(period, referrerId) as
    { statement: string } | undefined;
  return row ? statementFromJson(JSON.parse(row.statement) as StatementJson) : emptyStatement(referrerId, period);
}

export interface PeriodStatementsJson {
  period: string;
  statements: StatementJson[];
  total: Money;
}

/**
 * Every referrer's statement for a half year in the API's JSON: the referrers with anything on it, by
 * id (the key's order; sorted again by the ledger's text order, which ids in ASCII already follow), and the sum.
 */
export function statementsJson(db: ReadDb, period: string): PeriodStatementsJson {
  const rows = db.prepare('SELECT statement FROM rewards_statements WHERE period = ? ORDER BY referrer_id').pluck().all(period) as string[];
  const all = rows.map((r) => JSON.parse(r) as StatementJson).sort((x, y) => compareText(x.referrerId, y.referrerId));
  const total = db.prepare('SELECT total FROM rewards_period_totals WHERE period = ?').pluck().get(period) as string | undefined;
  return { period, statements: all, total: cny(toFen(total ?? '0.00')) };
}

/** The same in fen (exports); `onProgress` hears after each statement. */
export function statements(db: ReadDb, period: string, onProgress?: (done: number, total: number) => void): PeriodStatements {
  const json = statementsJson(db, period).statements;
  const all = json.map((s, i) => {
    const found = statementFromJson(s);
    onProgress?.(i + 1, json.length);
    return found;
  });
  return { period, statements: all, totalFen: sumFen(all.map((s) => s.totalFen)) };
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
