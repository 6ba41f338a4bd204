/**
 * Counting and ranking (DOMAIN.md "Unit assessment"). Every counted fact goes to the unit credited on
 * the fact's own business date, so a project reassigned mid-period splits between its units.
 */
import { compareFenDesc, compareText, toFen, type Fen, type Period } from '../../kernel/index.js';
import { creditedUnitOn, type UnitKind, type VoidableType } from '../../projects/domain/index.js';
import { DEFAULT_RULES, policyInForce, type AssessmentPolicy, type CountingRules } from './policy.js';
import { investmentOn, liveFacts, type AssessedProject } from './project.js';
import type { UnitTree } from './units.js';

/** What a project counts by under the rules: one fact type, times a factor. */
interface Measure {
  type: VoidableType;
  factor: bigint;
}

function measureOf(project: AssessedProject, rules: CountingRules): Measure | null {
  if (rules.fixedAssetSectors.includes(project.sector)) return { type: 'FixedAssetsVerified', factor: 1n };
  if (project.sector === 'real_estate') return { type: 'TaxPaid', factor: BigInt(rules.realEstateTaxMultiplier) };
  // Other sectors, when counted, count the investment that actually landed: CNY funding arrived.
  return rules.otherSectorsCount ? { type: 'FundingArrived', factor: 1n } : null;
}

/** One project's counted value for one unit in a period. */
export interface Contribution {
  projectId: string;
  unitId: string;
  counted: Fen;
  belowMinimum: boolean;
}

/**
 * A project's contributions in a period, one per unit credited on the dates of its counted facts. The
 * size test uses the investment standing on the period's last day, so a later re-signing never rewrites
 * a past period; a project exactly at the minimum counts.
 */
export function contributions(project: AssessedProject, rules: CountingRules, period: Period): Contribution[] {
  const measure = measureOf(project, rules);
  if (measure === null) return [];
  const belowMinimum = investmentOn(project, period.to) < toFen(rules.minimumProjectCny);
  const byUnit = new Map<string, Fen>();
  for (const fact of liveFacts(project, measure.type, period.to)) {
    if (fact.on < period.from) continue;
    const unitId = creditedUnitOn(project.credits, fact.on);
    byUnit.set(unitId, (byUnit.get(unitId) ?? 0n) + fact.cny * measure.factor);
  }
  return [...byUnit].map(([unitId, value]) => ({
    projectId: project.projectId,
    unitId,
    counted: belowMinimum ? 0n : value,
    belowMinimum,
  }));
}

export type Mark = 'reward' | 'self_criticism' | null;

export interface UnitScore {
  unitId: string;
  name: string;
  score: Fen;
  rank: number;
  mark: Mark;
  /** The unit's own and its sub-units' contributions, one line per project, largest first. */
  projects: { projectId: string; counted: Fen; belowMinimum: boolean }[];
}

/**
 * Scores every unit of a kind and ranks them: by score, highest first; equal scores share a rank
 * (1, 1, 3) and are listed by unitId. Every unit at rank 1 is marked `reward`, every unit at the
 * lowest score `self_criticism`; when all scores are equal (one unit, or all zero) nobody is marked.
 */
export function rank(tree: UnitTree, kind: UnitKind, counted: readonly Contribution[]): UnitScore[] {
  const lines = new Map<string, Map<string, { counted: Fen; belowMinimum: boolean }>>();
  for (const c of counted) {
    for (const unit of tree.selfAndAncestors(c.unitId)) {
      if (unit.kind !== kind) continue;
      const projects = lines.get(unit.unitId) ?? new Map<string, { counted: Fen; belowMinimum: boolean }>();
      const line = projects.get(c.projectId);
      projects.set(c.projectId, { counted: (line?.counted ?? 0n) + c.counted, belowMinimum: c.belowMinimum });
      lines.set(unit.unitId, projects);
    }
  }
  const scored = tree.units
    .filter((u) => u.kind === kind)
    .map((u) => {
      const projects = [...(lines.get(u.unitId) ?? [])]
        .map(([projectId, line]) => ({ projectId, ...line }))
        .sort((a, b) => compareFenDesc(a.counted, b.counted) || compareText(a.projectId, b.projectId));
      return { unitId: u.unitId, name: u.name, score: projects.reduce((sum, p) => sum + p.counted, 0n), projects };
    })
    .sort((a, b) => compareFenDesc(a.score, b.score) || compareText(a.unitId, b.unitId));
  const top = scored[0]?.score;
  const bottom = scored.at(-1)?.score;
  return scored.map((unit) => ({
    ...unit,
    rank: scored.findIndex((other) => other.score === unit.score) + 1,
    mark: top === bottom ? null : unit.score === top ? 'reward' : unit.score === bottom ? 'self_criticism' : null,
  }));
}

export interface Assessment {
  period: Period;
  /** The policy applied; null when none was in force and the DOMAIN.md defaults counted. */
  policy: AssessmentPolicy | null;
  units: UnitScore[];
}

/** The whole assessment of a period for one unit kind, under the policy in force on its last day. */
export function assess(
  period: Period,
  kind: UnitKind,
  tree: UnitTree,
  policies: readonly AssessmentPolicy[],
  projects: readonly AssessedProject[],
): Assessment {
  const policy = policyInForce(policies, period.to);
  const rules = policy ?? DEFAULT_RULES;
  return {
    period,
    policy,
    units: rank(
      tree,
      kind,
      projects.flatMap((p) => contributions(p, rules, period)),
    ),
  };
}
