/**
 * Follow-through rates for the projects of a unit signed in a date range (DOMAIN.md "Rates"): the
 * cohort is every project first signed in the range (both ends included) and credited now to the unit
 * or a unit below it; a project is judged whole, by the one unit it belongs to. Abandoned projects
 * stay in the cohort: they are the failures the rates exist to show.
 */
import { compareText, minFen, ratio, type Fen, type LocalDate } from '../../kernel/index.js';
import { creditedUnitOn, type Stage } from '../../projects/domain/index.js';
import { investmentOn, liveTotal, signedOn, stageOn, type AssessedProject } from './project.js';
import type { UnitTree } from './units.js';

export interface CohortProject {
  projectId: string;
  name: string;
  unitId: string;
  signedOn: LocalDate;
  stage: Stage;
  committed: Fen;
  arrived: Fen;
}

export interface Rates {
  /** Share that started production; null for an empty cohort. */
  successRate: number | null;
  /** CNY arrived / CNY committed, each project's arrival capped at its commitment so that one
   *  over-funded project cannot hide another's shortfall; null when nothing is committed. */
  fundingArrivalRate: number | null;
  /** Share of those that broke ground that completed; null when none broke ground. */
  completionRate: number | null;
  /** The cohort, by signing date then projectId. */
  projects: CohortProject[];
}

export function rates(tree: UnitTree, unitId: string, signedFrom: LocalDate, signedTo: LocalDate, projects: readonly AssessedProject[]): Rates {
  const members = projects.flatMap((project) => {
    const signed = signedOn(project, null);
    const unit = creditedUnitOn(project.credits, null);
    return signed !== null && signed >= signedFrom && signed <= signedTo && tree.isWithin(unit, unitId) ? [{ project, signed, unit }] : [];
  });
  const brokeGround = members.filter((m) => m.project.brokeGroundOn !== null);
  const cohort: CohortProject[] = members
    .map(({ project, signed, unit }) => ({
      projectId: project.projectId,
      name: project.name,
      unitId: unit,
      signedOn: signed,
      stage: stageOn(project, null),
      committed: investmentOn(project, null),
      arrived: liveTotal(project, 'FundingArrived', null),
    }))
    .sort((a, b) => compareText(a.signedOn, b.signedOn) || compareText(a.projectId, b.projectId));
  return {
    successRate: ratio(BigInt(members.filter((m) => m.project.productionStartedOn !== null).length), BigInt(members.length)),
    fundingArrivalRate: ratio(
      cohort.reduce((sum, p) => sum + minFen(p.arrived, p.committed), 0n),
      cohort.reduce((sum, p) => sum + p.committed, 0n),
    ),
    completionRate: ratio(BigInt(brokeGround.filter((m) => m.project.completedOn !== null).length), BigInt(brokeGround.length)),
    projects: cohort,
  };
}
