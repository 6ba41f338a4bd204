/**
 * Queries over the `assessment` read model: load the facts a question needs into the pure domain,
 * let the domain answer, and shape the answer for the API (Money objects, ratios, dates).
 */
import { NotFound, cny, toFen, type LocalDate, type Money, type Period } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { listUnits } from '../../projects/index.js';
import type { Sector, Stage, UnitKind, VoidableType } from '../../projects/domain/index.js';
import { assess, type Mark } from '../domain/counting.js';
import { DEFAULT_RULES, type AssessmentPolicy } from '../domain/policy.js';
import type { AssessedProject } from '../domain/project.js';
import { rates } from '../domain/rates.js';
import { stalled, type Flag } from '../domain/stalled.js';
import { UnitTree } from '../domain/units.js';
import { countyProgress, type Figures } from '../domain/progress.js';

export interface AssessmentView {
  period: string;
  kind: UnitKind;
  /** The rules applied; policyId and effectiveFrom are null when none was in force (DOMAIN.md defaults). */
  policy: {
    policyId: string | null;
    effectiveFrom: LocalDate | null;
    minimumProjectCny: Money;
    fixedAssetSectors: Sector[];
    realEstateTaxMultiplier: number;
    otherSectorsCount: boolean;
  };
  units: {
    unitId: string;
    name: string;
    score: Money;
    rank: number;
    mark: Mark;
    projects: { projectId: string; name: string; countedValue: Money; belowMinimum: boolean }[];
  }[];
}

export interface RatesView {
  unitId: string;
  signedFrom: LocalDate;
  signedTo: LocalDate;
  successRate: number | null;
  fundingArrivalRate: number | null;
  completionRate: number | null;
  projects: {
    projectId: string;
    name: string;
    unitId: string;
    signedOn: LocalDate;
    stage: Stage;
    committedInvestment: Money;
    fundingArrived: Money;
  }[];
}

export interface StalledView {
  asOf: LocalDate;
  days: number;
  items: { projectId: string; name: string; unitId: string; stage: Stage; lastEventOn: LocalDate; daysSilent: number; flags: Flag[] }[];
}

export function assessmentOf(db: ReadDb, period: Period, kind: UnitKind): AssessmentView {
  const projects = loadProjects(
    db,
    'SELECT project_id FROM assessment_facts WHERE occurred_on BETWEEN ? AND ? AND event_id NOT IN (SELECT event_id FROM assessment_voids)',
    [period.from, period.to],
  );
  const names = new Map(projects.map((p) => [p.projectId, p.name]));
  const result = assess(period, kind, new UnitTree(listUnits(db, 'assessment_units')), listPolicies(db), projects);
  const rules = result.policy ?? { ...DEFAULT_RULES, policyId: null, effectiveFrom: null };
  return {
    period: period.id,
    kind,
    policy: {
      policyId: rules.policyId,
      effectiveFrom: rules.effectiveFrom,
      minimumProjectCny: cny(toFen(rules.minimumProjectCny)),
      fixedAssetSectors: rules.fixedAssetSectors,
      realEstateTaxMultiplier: rules.realEstateTaxMultiplier,
      otherSectorsCount: rules.otherSectorsCount,
    },
    units: result.units.map((u) => ({
      unitId: u.unitId,
      name: u.name,
      score: cny(u.score),
      rank: u.rank,
      mark: u.mark,
      projects: u.projects.map((p) => ({ projectId: p.projectId, name: names.get(p.projectId)!, countedValue: cny(p.counted), belowMinimum: p.belowMinimum })),
    })),
  };
}

export interface ProgressView {
  period: string;
  from: LocalDate;
  to: LocalDate;
  units: {
    unitId: string;
    name: string;
    period: { signedProjects: number; committed: Money; arrived: Money };
    yearToDate: { signedProjects: number; committed: Money; arrived: Money };
    target: Money | null;
    completion: number | null;
  }[];
}

/** 各县区招商引资完成情况表 for a period (a month or a quarter, or any period): see domain/progress.ts. */
export function progressOf(db: ReadDb, period: Period): ProgressView {
  const yearStart = `${period.from.slice(0, 4)}-01-01`;
  const projects = loadProjects(
    db,
    `SELECT project_id FROM assessment_signings WHERE signed_on BETWEEN ? AND ?
     UNION SELECT project_id FROM assessment_facts WHERE type = 'FundingArrived' AND occurred_on BETWEEN ? AND ?`,
    [yearStart, period.to, yearStart, period.to],
  );
  const targets = (db.prepare('SELECT unit_id, year, target FROM assessment_targets').all() as { unit_id: string; year: number; target: string }[]).map(
    (t) => ({
      unitId: t.unit_id,
      year: t.year,
      targetFen: toFen(t.target),
    }),
  );
  const shown = (f: Figures) => ({ signedProjects: f.signedProjects, committed: cny(f.committedCny), arrived: cny(f.arrivedCny) });
  return {
    period: period.id,
    from: period.from,
    to: period.to,
    units: countyProgress(period, new UnitTree(listUnits(db, 'assessment_units')), projects, targets).map((u) => ({
      unitId: u.unitId,
      name: u.name,
      period: shown(u.period),
      yearToDate: shown(u.yearToDate),
      target: u.targetCny === null ? null : cny(u.targetCny),
      completion: u.completion,
    })),
  };
}

export function ratesOf(db: ReadDb, unitId: string, signedFrom: LocalDate, signedTo: LocalDate): RatesView {
  const units = listUnits(db, 'assessment_units');
  if (!units.some((u) => u.unitId === unitId)) throw new NotFound(`unit ${unitId} is not registered`);
  const projects = loadProjects(db, 'SELECT project_id FROM assessment_projects WHERE signed_on BETWEEN ? AND ?', [signedFrom, signedTo]);
  const result = rates(new UnitTree(units), unitId, signedFrom, signedTo, projects);
  return {
    unitId,
    signedFrom,
    signedTo,
    successRate: result.successRate,
    fundingArrivalRate: result.fundingArrivalRate,
    completionRate: result.completionRate,
    projects: result.projects.map(({ committed, arrived, ...p }) => ({ ...p, committedInvestment: cny(committed), fundingArrived: cny(arrived) })),
  };
}

export function stalledOf(db: ReadDb, asOf: LocalDate, days: number): StalledView {
  const projects = loadProjects(
    db,
    `SELECT project_id FROM assessment_projects WHERE signed_on <= ?
       AND (abandoned_on IS NULL OR abandoned_on > ?) AND (production_started_on IS NULL OR production_started_on > ?)`,
    [asOf, asOf, asOf],
  );
  return { asOf, days, items: stalled(projects, asOf, days) };
}

/** In recording order, as `policyInForce` expects (and as set-up reads them: GET /v1/policies/assessment). */
export function listPolicies(db: ReadDb): AssessmentPolicy[] {
  const rows = db.prepare('SELECT * FROM assessment_policies ORDER BY position').all() as {
    policy_id: string;
    minimum_cny: string;
    fixed_asset_sectors: string;
    real_estate_multiplier: number;
    other_sectors_count: number;
    effective_from: string;
  }[];
  return rows.map((r) => ({
    policyId: r.policy_id,
    minimumProjectCny: r.minimum_cny,
    fixedAssetSectors: JSON.parse(r.fixed_asset_sectors) as Sector[],
    realEstateTaxMultiplier: r.real_estate_multiplier,
    otherSectorsCount: r.other_sectors_count === 1,
    effectiveFrom: r.effective_from,
  }));
}

interface ProjectRow {
  project_id: string;
  name: string;
  sector: Sector;
  lead_on: string;
  planned_cny: string;
  broke_ground_on: string | null;
  completed_on: string | null;
  production_started_on: string | null;
  abandoned_on: string | null;
}

/** The projects whose ids `idsSql` selects, each with its signings, credits and facts in stream order. */
function loadProjects(db: ReadDb, idsSql: string, params: unknown[]): AssessedProject[] {
  const rows = <T>(table: string, order: string, columns = '*'): T[] =>
    db.prepare(`SELECT ${columns} FROM ${table} WHERE project_id IN (${idsSql}) ORDER BY ${order}`).all(...params) as T[];
  const grouped = <T extends { project_id: string }>(list: T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const row of list) {
      const group = map.get(row.project_id);
      if (group) group.push(row);
      else map.set(row.project_id, [row]);
    }
    return map;
  };
  const signings = grouped(rows<{ project_id: string; signed_on: string; committed_cny: string }>('assessment_signings', 'project_id, revision'));
  const credits = grouped(rows<{ project_id: string; unit_id: string; from_on: string }>('assessment_credits', 'project_id, revision'));
  const facts = grouped(
    rows<{ project_id: string; event_id: string; type: VoidableType; occurred_on: string; cny: string; voided: number }>(
      'assessment_facts',
      'project_id, revision',
      '*, event_id IN (SELECT event_id FROM assessment_voids) AS voided',
    ),
  );
  return rows<ProjectRow>('assessment_projects', 'project_id').map((p) => ({
    projectId: p.project_id,
    name: p.name,
    sector: p.sector,
    leadOn: p.lead_on,
    plannedCny: toFen(p.planned_cny),
    signings: (signings.get(p.project_id) ?? []).map((s) => ({ signedOn: s.signed_on, committedCny: toFen(s.committed_cny) })),
    credits: (credits.get(p.project_id) ?? []).map((c) => ({ unitId: c.unit_id, from: c.from_on })),
    brokeGroundOn: p.broke_ground_on,
    completedOn: p.completed_on,
    productionStartedOn: p.production_started_on,
    abandonedOn: p.abandoned_on,
    facts: (facts.get(p.project_id) ?? []).map((f) => ({ eventId: f.event_id, type: f.type, on: f.occurred_on, cny: toFen(f.cny), voided: f.voided === 1 })),
  }));
}
