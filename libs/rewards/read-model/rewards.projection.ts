/**
 * The `rewards` read model. Facts, as the events gave them: policies (with the global positions rate
 * locking compares), each project's sector and names, its first referrer with the policy that referral
 * earns under (locked when attached, `null` when none is in force or it does not count the sector),
 * every tax payment of every project with its void flag, and the frozen payouts.
 *
 * Derived from them and kept here so that reads touch no tax row:
 * - `rewards_earnings`: per earning referral (= per project) and half year, the eligible tax (`earns`)
 *   and how many payments make it; a half year without an earning payment has no row. A tax or a void
 *   moves one row; an attachment fills the project's rows from its taxes; a repeal refills the rows of
 *   every referral locked to that policy.
 * - `rewards_statements`: every statement of every referrer (open, carried away, paid), per half year,
 *   as the pure engine (`referrerStatements`) makes it from the referrer's earnings and payouts, in the
 *   API's JSON (`statementJson`), so the listing answers with the rows as they are; and per half year
 *   the number of statements and the sum of their totals (`rewards_period_totals`).
 *   Whatever changes a referrer's facts recomputes all their statements; only changed rows are written.
 *
 * A transaction of the projector (one live batch, or a rebuild's 200,000 events read 10,000 at a time)
 * keeps the referrals, earnings and new tax payments of the projects it touches in its scope, writes
 * them once at its end, and records the referrers it touched in `rewards_unsettled`.
 * `settle`, which the projector runs once it has reached the store's head (`Projection`), recomputes
 * each recorded referrer once, moves each period's sum once and empties the table: a rebuild
 * recomputes every referrer once, not once per batch. The table is durable, so a crash between a batch
 * and its settle leaves the work to the next start's settle.
 */
import type { ProjectedEvent } from '../../event-store/index.js';
import { canonicalJson, fromFen, halfYearOf, toFen, type Fen } from '../../kernel/index.js';
import { inScope, type Projection, type ReadDb, type TransactionScope } from '../../projector/projection.js';
import { isProjectEvent, PROJECT_STREAM_PREFIX, type ProjectEvent, type Referrer, type Sector } from '../../projects/domain/index.js';
import { referrerStatements, type EarningReferral } from '../domain/engine.js';
import { REFERRER_PAYOUTS_STREAM_PREFIX, REWARD_POLICY_STREAM_PREFIX, isRewardEvent, type RewardEvent } from '../domain/events.js';
import { earningPolicy, earns, type PolicyFact } from '../domain/facts.js';
import { statementJson } from '../domain/statement.js';
import { payoutsOf, policyFact, type PolicyRow } from './rewards.rows.js';

export class RewardsProjection implements Projection {
  readonly name = 'rewards';
  /**
   * 2: a repeal's reason is kept (GET /v1/policies/referrer-reward); project and referrer names (exports).
   * 3: each referral's earning policy, eligible tax per project and half year, every referrer's statements.
   * 4: earnings keyed by referrer first, statements found by period and referrer (no referrer index):
   *    a rebuild, which has no secondary index, reads a referrer's rows by primary key.
   * 5: statements recomputed when the projector settles, from the referrers in `rewards_unsettled`,
   *    instead of once per batch (a rebuild's every batch touched most referrers).
   */
  readonly version = 5;
  readonly tables = [
    'rewards_policies',
    'rewards_projects',
    'rewards_referrals',
    'rewards_taxes',
    'rewards_payouts',
    'rewards_earnings',
    'rewards_statements',
    'rewards_period_totals',
    'rewards_unsettled',
  ] as const;

  setup(db: ReadDb): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS rewards_policies (
        policy_id TEXT PRIMARY KEY, rate_bps INTEGER NOT NULL, productive_sectors TEXT NOT NULL, effective_from TEXT NOT NULL,
        lifetime_cap TEXT, issued_at INTEGER NOT NULL, repealed_from TEXT, repeal_recorded_at INTEGER, repeal_reason TEXT);
      CREATE TABLE IF NOT EXISTS rewards_projects (project_id TEXT PRIMARY KEY, sector TEXT NOT NULL, name TEXT NOT NULL, investor TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS rewards_referrals (
        project_id TEXT PRIMARY KEY, referrer_id TEXT NOT NULL, referrer_name TEXT NOT NULL, attached_on TEXT NOT NULL, attached_at INTEGER NOT NULL,
        policy_id TEXT);
      CREATE INDEX IF NOT EXISTS rewards_referrals_referrer ON rewards_referrals (referrer_id);
      CREATE INDEX IF NOT EXISTS rewards_referrals_policy ON rewards_referrals (policy_id);
      CREATE TABLE IF NOT EXISTS rewards_taxes (
        project_id TEXT NOT NULL, event_id TEXT NOT NULL, amount TEXT NOT NULL, paid_on TEXT NOT NULL, voided INTEGER NOT NULL,
        PRIMARY KEY (project_id, event_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS rewards_payouts (
        referrer_id TEXT NOT NULL, period TEXT NOT NULL, amount TEXT NOT NULL, payment_reference TEXT NOT NULL, paid_on TEXT NOT NULL,
        statement TEXT NOT NULL, PRIMARY KEY (referrer_id, period));
      CREATE TABLE IF NOT EXISTS rewards_earnings (
        referrer_id TEXT NOT NULL, project_id TEXT NOT NULL, period TEXT NOT NULL, tax TEXT NOT NULL, payments INTEGER NOT NULL,
        PRIMARY KEY (referrer_id, project_id, period)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS rewards_statements (
        period TEXT NOT NULL, referrer_id TEXT NOT NULL, statement TEXT NOT NULL, total TEXT NOT NULL, PRIMARY KEY (period, referrer_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS rewards_period_totals (period TEXT PRIMARY KEY, statements INTEGER NOT NULL, total TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS rewards_unsettled (referrer_id TEXT PRIMARY KEY) WITHOUT ROWID;`);
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    this.applyBatch([event], db);
  }

  /** The batch's events into the transaction's held work, written once at its end (`flush`). */
  applyBatch(events: readonly ProjectedEvent[], db: ReadDb, scope?: TransactionScope): void {
    inScope(scope, (transaction) =>
      this.fold(
        events,
        transaction.hold(
          this,
          () => new RewardsTransaction(db),
          (held) => held.flush(),
        ),
      ),
    );
  }

  private fold(events: readonly ProjectedEvent[], held: RewardsTransaction): void {
    for (const event of events) {
      if (event.streamId.startsWith(PROJECT_STREAM_PREFIX) && isProjectEvent(event)) {
        held.project(event, event.streamId.slice(PROJECT_STREAM_PREFIX.length), event);
      } else if (
        (event.streamId.startsWith(REWARD_POLICY_STREAM_PREFIX) || event.streamId.startsWith(REFERRER_PAYOUTS_STREAM_PREFIX)) &&
        isRewardEvent(event)
      ) {
        held.reward(event, event.globalPosition);
      }
    }
  }

  /** Recomputes the statements of every referrer whose facts changed since the last settle, and the period sums. */
  settle(db: ReadDb): void {
    const referrers = db.prepare('SELECT referrer_id FROM rewards_unsettled').pluck().all() as string[];
    if (referrers.length === 0) return;
    const totals = new Map<string, PeriodTotal>();
    for (const referrerId of referrers) writeStatements(db, referrerId, totals);
    writeTotals(db, totals);
    db.prepare('DELETE FROM rewards_unsettled').run();
  }
}

/** A project's first referral, as the earnings need it. */
interface Referral {
  referrerId: string;
  attachedOn: string;
  /** The policy it earns under; null: it earns nothing. */
  policyId: string | null;
}

interface Earning {
  taxFen: Fen;
  payments: number;
}

interface TaxRow {
  amount: string;
  paid_on: string;
  voided: number;
}

/**
 * One transaction's work. Facts are written as their events come, one row each, except tax payments:
 * those and the earnings of the projects it touches stay in memory until `flush`, which inserts the
 * payments in key order, writes each changed (project, half year) once and records each referrer whose
 * facts changed, for `settle`.
 */
class RewardsTransaction {
  private readonly policies: Map<string, PolicyFact>;
  private readonly referrals = new Map<string, Referral | null>();
  private readonly earnings = new Map<string, Map<string, Earning>>();
  /** Per project, its referrer and the half years whose earnings changed in this transaction. */
  private readonly changed = new Map<string, { referrerId: string; periods: Set<string> }>();
  private readonly referrers = new Set<string>();
  /** Tax payments recorded in this transaction, per project and event id, inserted by `flush`. */
  private readonly newTaxes = new Map<string, Map<string, TaxRow>>();

  constructor(private readonly db: ReadDb) {
    this.policies = new Map((db.prepare('SELECT * FROM rewards_policies').all() as PolicyRow[]).map((p) => [p.policy_id, policyFact(p)]));
  }

  project(event: ProjectEvent, projectId: string, stored: ProjectedEvent): void {
    switch (event.type) {
      case 'LeadRegistered':
        this.db
          .prepare('INSERT INTO rewards_projects (project_id, sector, name, investor) VALUES (?, ?, ?, ?)')
          .run(projectId, event.data.sector, event.data.name, event.data.investor);
        if (event.data.referrer) this.attach(projectId, event.data.sector, event.data.referrer, event.data.leadOn, stored.globalPosition);
        return;
      case 'ReferrerAssigned': {
        const { sector } = this.db.prepare('SELECT sector FROM rewards_projects WHERE project_id = ?').get(projectId) as { sector: Sector };
        this.attach(projectId, sector, event.data.referrer, event.data.assignedOn, stored.globalPosition);
        return;
      }
      case 'TaxPaid': {
        const row: TaxRow = { amount: event.data.amount.cny, paid_on: event.data.paidOn, voided: 0 };
        const held = this.newTaxes.get(projectId);
        if (held) held.set(stored.eventId, row);
        else this.newTaxes.set(projectId, new Map([[stored.eventId, row]]));
        this.earn(projectId, { amountFen: toFen(row.amount), paidOn: row.paid_on, voided: false }, 1);
        return;
      }
      case 'FactVoided': {
        if (event.data.voidedType !== 'TaxPaid') return;
        // A void names an earlier fact of its own stream: held since this transaction began, or a row.
        const { voidedEventId } = event.data;
        const held = this.newTaxes.get(projectId)?.get(voidedEventId);
        const row =
          held ??
          (this.db.prepare('SELECT amount, paid_on, voided FROM rewards_taxes WHERE project_id = ? AND event_id = ?').get(projectId, voidedEventId) as
            TaxRow | undefined);
        if (!row || row.voided === 1) return;
        if (held) held.voided = 1;
        else this.db.prepare('UPDATE rewards_taxes SET voided = 1 WHERE project_id = ? AND event_id = ?').run(projectId, voidedEventId);
        this.earn(projectId, { amountFen: toFen(row.amount), paidOn: row.paid_on, voided: false }, -1);
        return;
      }
      default:
        return;
    }
  }

  reward(event: RewardEvent, position: number): void {
    switch (event.type) {
      case 'RewardPolicyIssued': {
        const d = event.data;
        const row: PolicyRow = {
          policy_id: d.policyId,
          rate_bps: d.rateBps,
          productive_sectors: canonicalJson(d.productiveSectors),
          effective_from: d.effectiveFrom,
          lifetime_cap: d.lifetimeCap,
          issued_at: position,
          repealed_from: null,
          repeal_recorded_at: null,
          repeal_reason: null,
        };
        this.db
          .prepare(
            `INSERT INTO rewards_policies (policy_id, rate_bps, productive_sectors, effective_from, lifetime_cap, issued_at)
             VALUES (@policy_id, @rate_bps, @productive_sectors, @effective_from, @lifetime_cap, @issued_at)`,
          )
          .run(row);
        this.policies.set(d.policyId, policyFact(row));
        return;
      }
      case 'RewardPolicyRepealed': {
        const { policyId, repealedFrom, reason } = event.data;
        this.db
          .prepare('UPDATE rewards_policies SET repealed_from = ?, repeal_recorded_at = ?, repeal_reason = ? WHERE policy_id = ?')
          .run(repealedFrom, position, reason, policyId);
        const policy = this.policies.get(policyId);
        if (!policy) return;
        this.policies.set(policyId, { ...policy, repeal: { repealedFrom, recordedAt: position } });
        // Tax on or after the repeal stops earning for every referral locked to it, whenever it was paid.
        const locked = this.db.prepare('SELECT project_id FROM rewards_referrals WHERE policy_id = ?').all(policyId) as { project_id: string }[];
        for (const { project_id } of locked) this.refill(project_id);
        return;
      }
      case 'PayoutRecorded': {
        const d = event.data;
        this.db
          .prepare('INSERT INTO rewards_payouts (referrer_id, period, amount, payment_reference, paid_on, statement) VALUES (?, ?, ?, ?, ?, ?)')
          .run(d.referrerId, d.period, d.amount, d.paymentReference, d.paidOn, canonicalJson(d.statement));
        this.referrers.add(d.referrerId);
        return;
      }
    }
  }

  /**
   * Inserts the new tax rows in key order (one pass over the table's pages, not a random insert each),
   * writes the changed earnings and records every touched referrer as unsettled.
   */
  flush(): void {
    const insertTax = this.db.prepare('INSERT INTO rewards_taxes (project_id, event_id, amount, paid_on, voided) VALUES (?, ?, ?, ?, ?)');
    for (const projectId of [...this.newTaxes.keys()].sort()) {
      const taxes = this.newTaxes.get(projectId)!;
      for (const eventId of [...taxes.keys()].sort()) {
        const t = taxes.get(eventId)!;
        insertTax.run(projectId, eventId, t.amount, t.paid_on, t.voided);
      }
    }
    const upsert = this.db.prepare(
      `INSERT INTO rewards_earnings (referrer_id, project_id, period, tax, payments) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (referrer_id, project_id, period) DO UPDATE SET tax = excluded.tax, payments = excluded.payments`,
    );
    const remove = this.db.prepare('DELETE FROM rewards_earnings WHERE referrer_id = ? AND project_id = ? AND period = ?');
    for (const [projectId, { referrerId, periods }] of this.changed) {
      const earnings = this.earnings.get(projectId)!;
      for (const period of periods) {
        const e = earnings.get(period);
        if (e) upsert.run(referrerId, projectId, period, fromFen(e.taxFen), e.payments);
        else remove.run(referrerId, projectId, period);
      }
    }
    const unsettled = this.db.prepare('INSERT OR IGNORE INTO rewards_unsettled (referrer_id) VALUES (?)');
    for (const referrerId of this.referrers) unsettled.run(referrerId);
  }

  /** Only the first referrer named counts (第一引薦人): a later attachment of the same project is ignored. */
  private attach(projectId: string, sector: Sector, referrer: Referrer, attachedOn: string, attachedAt: number): void {
    if (this.referral(projectId)) return;
    const policy = earningPolicy([...this.policies.values()], { projectId, referrerId: referrer.referrerId, sector, attachedOn, attachedAt });
    this.db
      .prepare('INSERT INTO rewards_referrals (project_id, referrer_id, referrer_name, attached_on, attached_at, policy_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(projectId, referrer.referrerId, referrer.name, attachedOn, attachedAt, policy?.policyId ?? null);
    this.referrals.set(projectId, { referrerId: referrer.referrerId, attachedOn, policyId: policy?.policyId ?? null });
    if (policy) this.refill(projectId);
  }

  private referral(projectId: string): Referral | null {
    let found = this.referrals.get(projectId);
    if (found === undefined) {
      const row = this.db.prepare('SELECT referrer_id, attached_on, policy_id FROM rewards_referrals WHERE project_id = ?').get(projectId) as
        { referrer_id: string; attached_on: string; policy_id: string | null } | undefined;
      found = row ? { referrerId: row.referrer_id, attachedOn: row.attached_on, policyId: row.policy_id } : null;
      this.referrals.set(projectId, found);
    }
    return found;
  }

  /** The referral's policy when it earns, with the referral. */
  private earning(projectId: string): { referral: Referral; policy: PolicyFact } | null {
    const referral = this.referral(projectId);
    const policy = referral?.policyId ? this.policies.get(referral.policyId) : undefined;
    return referral && policy ? { referral, policy } : null;
  }

  private projectEarnings(referrerId: string, projectId: string): Map<string, Earning> {
    let found = this.earnings.get(projectId);
    if (!found) {
      const rows = this.db
        .prepare('SELECT period, tax, payments FROM rewards_earnings WHERE referrer_id = ? AND project_id = ?')
        .all(referrerId, projectId) as {
        period: string;
        tax: string;
        payments: number;
      }[];
      found = new Map(rows.map((r) => [r.period, { taxFen: toFen(r.tax), payments: r.payments }]));
      this.earnings.set(projectId, found);
    }
    return found;
  }

  private markChanged(projectId: string, period: string, referrerId: string): void {
    const found = this.changed.get(projectId) ?? { referrerId, periods: new Set<string>() };
    found.periods.add(period);
    this.changed.set(projectId, found);
    this.referrers.add(referrerId);
  }

  /** A tax payment counted (`sign` 1) or voided (−1), when it earns under the project's referral. */
  private earn(projectId: string, tax: { amountFen: Fen; paidOn: string; voided: boolean }, sign: 1 | -1): void {
    const found = this.earning(projectId);
    if (!found || !earns(tax, found.referral, found.policy)) return;
    const period = halfYearOf(tax.paidOn);
    const earnings = this.projectEarnings(found.referral.referrerId, projectId);
    const before = earnings.get(period) ?? { taxFen: 0n, payments: 0 };
    const after = { taxFen: before.taxFen + BigInt(sign) * tax.amountFen, payments: before.payments + sign };
    if (after.payments === 0) earnings.delete(period);
    else earnings.set(period, after);
    this.markChanged(projectId, period, found.referral.referrerId);
  }

  /** The project's earnings made again from its tax rows (after an attachment or a repeal). */
  private refill(projectId: string): void {
    const found = this.earning(projectId);
    if (!found) return;
    const fresh = new Map<string, Earning>();
    const taxes = [
      ...(this.db.prepare('SELECT amount, paid_on, voided FROM rewards_taxes WHERE project_id = ?').all(projectId) as TaxRow[]),
      ...(this.newTaxes.get(projectId)?.values() ?? []),
    ];
    for (const t of taxes) {
      const tax = { paidOn: t.paid_on, voided: t.voided === 1 };
      if (!earns(tax, found.referral, found.policy)) continue;
      const period = halfYearOf(tax.paidOn);
      const before = fresh.get(period) ?? { taxFen: 0n, payments: 0 };
      fresh.set(period, { taxFen: before.taxFen + toFen(t.amount), payments: before.payments + 1 });
    }
    const earnings = this.projectEarnings(found.referral.referrerId, projectId);
    for (const period of new Set([...earnings.keys(), ...fresh.keys()])) {
      const [was, now] = [earnings.get(period), fresh.get(period)];
      if (was?.taxFen === now?.taxFen && was?.payments === now?.payments) continue;
      if (now) earnings.set(period, now);
      else earnings.delete(period);
      this.markChanged(projectId, period, found.referral.referrerId);
    }
  }
}

/** The referrer's earning referrals with their eligible tax per half year, from `rewards_earnings`. */
function earningReferrals(db: ReadDb, referrerId: string): EarningReferral[] {
  const rows = db
    .prepare(
      `SELECT e.project_id, p.rate_bps, p.lifetime_cap, e.period, e.tax FROM rewards_earnings e
       JOIN rewards_referrals r ON r.project_id = e.project_id JOIN rewards_policies p ON p.policy_id = r.policy_id
       WHERE e.referrer_id = ?`,
    )
    .all(referrerId) as { project_id: string; rate_bps: number; lifetime_cap: string | null; period: string; tax: string }[];
  const referrals = new Map<string, EarningReferral & { taxByPeriod: Map<string, Fen> }>();
  for (const r of rows) {
    const found = referrals.get(r.project_id) ?? {
      projectId: r.project_id,
      policy: { rateBps: r.rate_bps, lifetimeCapFen: r.lifetime_cap === null ? null : toFen(r.lifetime_cap) },
      taxByPeriod: new Map<string, Fen>(),
    };
    referrals.set(r.project_id, found);
    found.taxByPeriod.set(r.period, toFen(r.tax));
  }
  return [...referrals.values()];
}

/** A period's statements, as counted into `rewards_period_totals`. */
interface PeriodTotal {
  statements: number;
  totalFen: Fen;
}

/**
 * Recomputes the referrer's statements and writes those that changed (and deletes those gone); what
 * that moves in each period's count and sum goes into `totals`.
 */
function writeStatements(db: ReadDb, referrerId: string, totals: Map<string, PeriodTotal>): void {
  const now = new Map(
    referrerStatements(referrerId, { referrals: earningReferrals(db, referrerId), payouts: payoutsOf(db, referrerId) }).map((s) => [
      s.period,
      { json: JSON.stringify(statementJson(s)), totalFen: s.totalFen },
    ]),
  );
  // Every half year with a statement has a total row: the referrer's rows are found by primary key.
  const before = db
    .prepare('SELECT period, statement, total FROM rewards_statements WHERE period IN (SELECT period FROM rewards_period_totals) AND referrer_id = ?')
    .all(referrerId) as {
    period: string;
    statement: string;
    total: string;
  }[];
  const upsert = db.prepare(
    `INSERT INTO rewards_statements (period, referrer_id, statement, total) VALUES (?, ?, ?, ?)
     ON CONFLICT (period, referrer_id) DO UPDATE SET statement = excluded.statement, total = excluded.total`,
  );
  const remove = db.prepare('DELETE FROM rewards_statements WHERE period = ? AND referrer_id = ?');
  const move = (period: string, statements: number, fen: Fen) => {
    const t = totals.get(period) ?? { statements: 0, totalFen: 0n };
    totals.set(period, { statements: t.statements + statements, totalFen: t.totalFen + fen });
  };
  for (const { period, statement, total } of before) {
    const found = now.get(period);
    if (found?.json === statement) {
      now.delete(period);
      continue;
    }
    move(period, -1, -toFen(total));
    if (!found) remove.run(period, referrerId);
  }
  for (const [period, s] of now) {
    upsert.run(period, referrerId, s.json, fromFen(s.totalFen));
    move(period, 1, s.totalFen);
  }
}

/** Adds what a settle moved to each period's count and sum; a period with no statement left has no row. */
function writeTotals(db: ReadDb, totals: Map<string, PeriodTotal>): void {
  const read = db.prepare('SELECT statements, total FROM rewards_period_totals WHERE period = ?');
  const upsert = db.prepare(
    `INSERT INTO rewards_period_totals (period, statements, total) VALUES (?, ?, ?)
     ON CONFLICT (period) DO UPDATE SET statements = excluded.statements, total = excluded.total`,
  );
  const remove = db.prepare('DELETE FROM rewards_period_totals WHERE period = ?');
  for (const [period, moved] of totals) {
    if (moved.statements === 0 && moved.totalFen === 0n) continue;
    const was = (read.get(period) as { statements: number; total: string } | undefined) ?? { statements: 0, total: '0.00' };
    const statements = was.statements + moved.statements;
    if (statements === 0) remove.run(period);
    else upsert.run(period, statements, fromFen(toFen(was.total) + moved.totalFen));
  }
}
