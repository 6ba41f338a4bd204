/**
 * The `rewards` read model keeps the facts the statement engine needs, in its own tables: policies
 * (with the global positions rate locking compares), each project's sector and first referrer, every
 * tax payment of every project (a referrer may be attached later) with its void flag, and the frozen
 * payouts. Statements are computed from these rows on read (rewards.queries.ts), so a late tax or void
 * moves them without any bookkeeping here.
 */
import type { StoredEvent } from '../../event-store/index.js';
import { canonicalJson } from '../../kernel/index.js';
import type { Projection, ReadDb } from '../../projector/projection.js';
import { isProjectEvent, PROJECT_STREAM_PREFIX, type ProjectEvent, type Referrer } from '../../projects/domain/index.js';
import { REFERRER_PAYOUTS_STREAM_PREFIX, REWARD_POLICY_STREAM_PREFIX, isRewardEvent, type RewardEvent } from '../domain/events.js';

export class RewardsProjection implements Projection {
  readonly name = 'rewards';
  /** 2: a repeal's reason is kept (GET /v1/policies/referrer-reward); project and referrer names (exports). */
  readonly version = 2;
  readonly tables = ['rewards_policies', 'rewards_projects', 'rewards_referrals', 'rewards_taxes', 'rewards_payouts'] as const;

  setup(db: ReadDb): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS rewards_policies (
        policy_id TEXT PRIMARY KEY, rate_bps INTEGER NOT NULL, productive_sectors TEXT NOT NULL, effective_from TEXT NOT NULL,
        lifetime_cap TEXT, issued_at INTEGER NOT NULL, repealed_from TEXT, repeal_recorded_at INTEGER, repeal_reason TEXT);
      CREATE TABLE IF NOT EXISTS rewards_projects (project_id TEXT PRIMARY KEY, sector TEXT NOT NULL, name TEXT NOT NULL, investor TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS rewards_referrals (
        project_id TEXT PRIMARY KEY, referrer_id TEXT NOT NULL, referrer_name TEXT NOT NULL, attached_on TEXT NOT NULL, attached_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS rewards_referrals_referrer ON rewards_referrals (referrer_id);
      CREATE TABLE IF NOT EXISTS rewards_taxes (
        event_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, amount TEXT NOT NULL, paid_on TEXT NOT NULL, voided INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS rewards_taxes_project ON rewards_taxes (project_id);
      CREATE TABLE IF NOT EXISTS rewards_payouts (
        referrer_id TEXT NOT NULL, period TEXT NOT NULL, amount TEXT NOT NULL, payment_reference TEXT NOT NULL, paid_on TEXT NOT NULL,
        statement TEXT NOT NULL, PRIMARY KEY (referrer_id, period));`);
  }

  apply(event: StoredEvent, db: ReadDb): void {
    if (event.streamId.startsWith(PROJECT_STREAM_PREFIX) && isProjectEvent(event)) {
      applyProject(event, event.streamId.slice(PROJECT_STREAM_PREFIX.length), event, db);
    } else if ((event.streamId.startsWith(REWARD_POLICY_STREAM_PREFIX) || event.streamId.startsWith(REFERRER_PAYOUTS_STREAM_PREFIX)) && isRewardEvent(event)) {
      applyReward(event, event.globalPosition, db);
    }
  }
}

/** Only the first referrer named counts (第一引薦人): a later attachment of the same project is ignored. */
function attach(db: ReadDb, projectId: string, referrer: Referrer, on: string, position: number): void {
  db.prepare('INSERT OR IGNORE INTO rewards_referrals (project_id, referrer_id, referrer_name, attached_on, attached_at) VALUES (?, ?, ?, ?, ?)').run(
    projectId,
    referrer.referrerId,
    referrer.name,
    on,
    position,
  );
}

function applyProject(event: ProjectEvent, projectId: string, stored: StoredEvent, db: ReadDb): void {
  switch (event.type) {
    case 'LeadRegistered':
      db.prepare('INSERT INTO rewards_projects (project_id, sector, name, investor) VALUES (?, ?, ?, ?)').run(
        projectId,
        event.data.sector,
        event.data.name,
        event.data.investor,
      );
      if (event.data.referrer) attach(db, projectId, event.data.referrer, event.data.leadOn, stored.globalPosition);
      return;
    case 'ReferrerAssigned':
      attach(db, projectId, event.data.referrer, event.data.assignedOn, stored.globalPosition);
      return;
    case 'TaxPaid':
      db.prepare('INSERT INTO rewards_taxes (event_id, project_id, amount, paid_on, voided) VALUES (?, ?, ?, ?, 0)').run(
        stored.eventId,
        projectId,
        event.data.amount.cny,
        event.data.paidOn,
      );
      return;
    case 'FactVoided':
      if (event.data.voidedType === 'TaxPaid') db.prepare('UPDATE rewards_taxes SET voided = 1 WHERE event_id = ?').run(event.data.voidedEventId);
      return;
    default:
      return;
  }
}

function applyReward(event: RewardEvent, position: number, db: ReadDb): void {
  switch (event.type) {
    case 'RewardPolicyIssued': {
      const d = event.data;
      db.prepare(
        `INSERT INTO rewards_policies (policy_id, rate_bps, productive_sectors, effective_from, lifetime_cap, issued_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(d.policyId, d.rateBps, canonicalJson(d.productiveSectors), d.effectiveFrom, d.lifetimeCap, position);
      return;
    }
    case 'RewardPolicyRepealed':
      db.prepare('UPDATE rewards_policies SET repealed_from = ?, repeal_recorded_at = ?, repeal_reason = ? WHERE policy_id = ?').run(
        event.data.repealedFrom,
        position,
        event.data.reason,
        event.data.policyId,
      );
      return;
    case 'PayoutRecorded': {
      const d = event.data;
      db.prepare('INSERT INTO rewards_payouts (referrer_id, period, amount, payment_reference, paid_on, statement) VALUES (?, ?, ?, ?, ?, ?)').run(
        d.referrerId,
        d.period,
        d.amount,
        d.paymentReference,
        d.paidOn,
        canonicalJson(d.statement),
      );
      return;
    }
  }
}
