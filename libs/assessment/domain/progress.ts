/**
 * 各县区招商引资完成情况表: per county, the projects signed, their committed investment and the funding
 * that arrived, for a period and for the year to its end, against the year's targets of the townships
 * below the county (and the county's own, should one be set). Pure.
 *
 * - A project counts as signed in a window when its first signing is dated in it, for the county of the
 *   unit credited on that day; its committed amount is the latest signing's on or before the window's end.
 * - Funding counts by its business date for the county of the unit credited on that date (the credit
 *   rule of projects/domain/credit), not voided.
 * - Completion is funding arrived in the year so far over the target (0..1 is not capped: above 1 it is
 *   over-fulfilled); null without a target.
 */
import { ratio, sumFen, type Fen, type LocalDate, type Period } from '../../kernel/index.js';
import { creditedUnitOn } from '../../projects/domain/index.js';
import type { AssessedProject } from './project.js';
import type { UnitTree } from './units.js';

export interface Figures {
  signedProjects: number;
  committedCny: Fen;
  arrivedCny: Fen;
}

export interface CountyProgress {
  unitId: string;
  name: string;
  period: Figures;
  yearToDate: Figures;
  targetCny: Fen | null;
  /** Arrived in the year so far over the target, four fraction digits; null without a target. */
  completion: number | null;
}

export interface Target {
  unitId: string;
  year: number;
  targetFen: Fen;
}

interface Window {
  from: LocalDate;
  to: LocalDate;
}

function committedBy(project: AssessedProject, day: LocalDate): Fen {
  return project.signings.filter((s) => s.signedOn <= day).at(-1)?.committedCny ?? 0n;
}

function figures(projects: readonly AssessedProject[], window: Window, countyOf: (unitId: string) => string | null, county: string): Figures {
  let signedProjects = 0;
  let committedCny = 0n;
  let arrivedCny = 0n;
  for (const p of projects) {
    const first = p.signings[0]?.signedOn;
    if (first !== undefined && first >= window.from && first <= window.to && countyOf(creditedUnitOn(p.credits, first)) === county) {
      signedProjects++;
      committedCny += committedBy(p, window.to);
    }
    for (const f of p.facts) {
      if (f.type === 'FundingArrived' && !f.voided && f.on >= window.from && f.on <= window.to && countyOf(creditedUnitOn(p.credits, f.on)) === county)
        arrivedCny += f.cny;
    }
  }
  return { signedProjects, committedCny, arrivedCny };
}

export function countyProgress(period: Period, tree: UnitTree, projects: readonly AssessedProject[], targets: readonly Target[]): CountyProgress[] {
  const countyOf = (unitId: string) => tree.selfAndAncestors(unitId).find((u) => u.kind === 'county')?.unitId ?? null;
  const year = Number(period.from.slice(0, 4));
  const ytd: Window = { from: `${year}-01-01`, to: period.to };
  return tree.units
    .filter((u) => u.kind === 'county')
    .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))
    .map((county) => {
      const own = targets.filter((t) => t.year === year && countyOf(t.unitId) === county.unitId);
      const targetCny = own.length === 0 ? null : sumFen(own.map((t) => t.targetFen));
      const yearToDate = figures(projects, ytd, countyOf, county.unitId);
      return {
        unitId: county.unitId,
        name: county.name,
        period: figures(projects, period, countyOf, county.unitId),
        yearToDate,
        targetCny,
        completion: targetCny === null ? null : ratio(yearToDate.arrivedCny, targetCny),
      };
    });
}
