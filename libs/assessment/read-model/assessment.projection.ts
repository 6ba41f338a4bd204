/**
 * The `assessment` read model: its own copy of the unit tree, the assessment policies, and of every
 * project the dated facts counting needs (sector, planned and committed investments, credit history,
 * stage dates, funding, tax and verifications with their voids). Queries fold these into the pure
 * domain's `AssessedProject`; nothing here decides a rule.
 */
import type { ProjectedEvent } from '../../event-store/index.js';
import type { Projection, ReadDb } from '../../projector/index.js';
import {
  businessDateOf,
  creditEntry,
  isProjectEvent,
  isUnitEvent,
  PROJECT_STREAM_PREFIX,
  type ProjectEvent,
  UNIT_STREAM_PREFIX,
} from '../../projects/domain/index.js';
import { TOWNSHIP_STREAM_PREFIX, isTownshipEvent } from '../../townships/domain/index.js';
import { ASSESSMENT_POLICY_STREAM_PREFIX, isAssessmentPolicyEvent } from '../domain/policy.js';

/** Stage dates a project event sets, by column. */
const STAGE_COLUMNS = {
  GroundBroken: 'broke_ground_on',
  ProjectCompleted: 'completed_on',
  ProductionStarted: 'production_started_on',
  ProjectAbandoned: 'abandoned_on',
} as const;

export class AssessmentProjection implements Projection {
  readonly name = 'assessment';
  /**
   * 2: townships' annual targets (the county completion report); 3: facts keyed by global position and
   * voids in their own table (a random event-id key per fact dominated a rebuild).
   */
  readonly version = 3;
  readonly tables = [
    'assessment_units',
    'assessment_policies',
    'assessment_projects',
    'assessment_signings',
    'assessment_credits',
    'assessment_facts',
    'assessment_voids',
    'assessment_targets',
  ] as const;

  setup(db: ReadDb): void {
    // Amounts are CNY decimal strings: exact, and never squeezed through a JS number on the way out.
    db.exec(`
      CREATE TABLE IF NOT EXISTS assessment_units (unit_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent_id TEXT);
      CREATE TABLE IF NOT EXISTS assessment_policies (
        position INTEGER PRIMARY KEY, policy_id TEXT NOT NULL, minimum_cny TEXT NOT NULL, fixed_asset_sectors TEXT NOT NULL,
        real_estate_multiplier INTEGER NOT NULL, other_sectors_count INTEGER NOT NULL, effective_from TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS assessment_projects (
        project_id TEXT PRIMARY KEY, name TEXT NOT NULL, sector TEXT NOT NULL, lead_on TEXT NOT NULL, planned_cny TEXT NOT NULL,
        signed_on TEXT, broke_ground_on TEXT, completed_on TEXT, production_started_on TEXT, abandoned_on TEXT);
      CREATE INDEX IF NOT EXISTS assessment_projects_signed ON assessment_projects (signed_on);
      CREATE TABLE IF NOT EXISTS assessment_signings (
        project_id TEXT NOT NULL, revision INTEGER NOT NULL, signed_on TEXT NOT NULL, committed_cny TEXT NOT NULL,
        PRIMARY KEY (project_id, revision));
      CREATE TABLE IF NOT EXISTS assessment_credits (
        project_id TEXT NOT NULL, revision INTEGER NOT NULL, unit_id TEXT NOT NULL, from_on TEXT NOT NULL,
        PRIMARY KEY (project_id, revision));
      CREATE TABLE IF NOT EXISTS assessment_facts (
        position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, project_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL,
        occurred_on TEXT NOT NULL, cny TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS assessment_facts_project ON assessment_facts (project_id, revision);
      CREATE INDEX IF NOT EXISTS assessment_facts_day ON assessment_facts (occurred_on);
      -- The facts voided, by event id: a void names the fact's event, the facts are keyed by position.
      CREATE TABLE IF NOT EXISTS assessment_voids (event_id TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS assessment_targets (unit_id TEXT NOT NULL, year INTEGER NOT NULL, target TEXT NOT NULL, PRIMARY KEY (unit_id, year));`);
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    if (event.streamId.startsWith(PROJECT_STREAM_PREFIX) && isProjectEvent(event)) {
      applyProject(event, event.streamId.slice(PROJECT_STREAM_PREFIX.length), event, db);
    } else if (event.streamId.startsWith(UNIT_STREAM_PREFIX) && isUnitEvent(event)) {
      const { unitId, name, kind, parentId } = event.data;
      db.prepare('INSERT OR IGNORE INTO assessment_units (unit_id, name, kind, parent_id) VALUES (?, ?, ?, ?)').run(unitId, name, kind, parentId);
    } else if (event.streamId.startsWith(TOWNSHIP_STREAM_PREFIX) && isTownshipEvent(event)) {
      // Setting a target again replaces it (DOMAIN.md); the report reads the latest.
      if (event.type === 'AnnualTargetSet') {
        db.prepare(
          'INSERT INTO assessment_targets (unit_id, year, target) VALUES (?, ?, ?) ON CONFLICT (unit_id, year) DO UPDATE SET target = excluded.target',
        ).run(event.data.unitId, event.data.year, event.data.target);
      }
    } else if (event.streamId.startsWith(ASSESSMENT_POLICY_STREAM_PREFIX) && isAssessmentPolicyEvent(event)) {
      const p = event.data;
      db.prepare(
        `INSERT INTO assessment_policies (position, policy_id, minimum_cny, fixed_asset_sectors, real_estate_multiplier, other_sectors_count, effective_from)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        event.globalPosition,
        p.policyId,
        p.minimumProjectCny,
        JSON.stringify(p.fixedAssetSectors),
        p.realEstateTaxMultiplier,
        p.otherSectorsCount ? 1 : 0,
        p.effectiveFrom,
      );
    }
  }
}

function applyProject(event: ProjectEvent, projectId: string, stored: ProjectedEvent, db: ReadDb): void {
  const fact = (on: string, cny: string) =>
    db
      .prepare('INSERT INTO assessment_facts (position, event_id, project_id, revision, type, occurred_on, cny) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(stored.globalPosition, stored.eventId, projectId, stored.revision, event.type, on, cny);
  const credit = creditEntry(event);
  if (credit) {
    db.prepare('INSERT INTO assessment_credits (project_id, revision, unit_id, from_on) VALUES (?, ?, ?, ?)').run(
      projectId,
      stored.revision,
      credit.unitId,
      credit.from,
    );
  }
  switch (event.type) {
    case 'LeadRegistered': {
      const d = event.data;
      db.prepare('INSERT INTO assessment_projects (project_id, name, sector, lead_on, planned_cny) VALUES (?, ?, ?, ?, ?)').run(
        projectId,
        d.name,
        d.sector,
        d.leadOn,
        d.plannedInvestment.cny,
      );
      return;
    }
    case 'ProjectSigned':
      db.prepare('INSERT INTO assessment_signings (project_id, revision, signed_on, committed_cny) VALUES (?, ?, ?, ?)').run(
        projectId,
        stored.revision,
        event.data.signedOn,
        event.data.committedInvestment.cny,
      );
      db.prepare('UPDATE assessment_projects SET signed_on = coalesce(signed_on, ?) WHERE project_id = ?').run(event.data.signedOn, projectId);
      return;
    case 'FundingArrived':
      fact(event.data.arrivedOn, event.data.amount.cny);
      return;
    case 'TaxPaid':
      fact(event.data.paidOn, event.data.amount.cny);
      return;
    case 'FixedAssetsVerified':
      fact(event.data.inspectedOn, event.data.total.cny);
      return;
    case 'FactVoided':
      db.prepare('INSERT OR IGNORE INTO assessment_voids (event_id) VALUES (?)').run(event.data.voidedEventId);
      return;
    case 'GroundBroken':
    case 'ProjectCompleted':
    case 'ProductionStarted':
    case 'ProjectAbandoned':
      db.prepare(`UPDATE assessment_projects SET ${STAGE_COLUMNS[event.type]} = ? WHERE project_id = ?`).run(businessDateOf(event), projectId);
      return;
    case 'CreditReassigned': // its credit entry is recorded above
    case 'ReferrerAssigned':
      return;
  }
}
