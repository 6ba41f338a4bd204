import { cny, minFen, ratio, toFen, type Money } from '../../kernel/index.js';
import type { MoneyFact, Origin, Referrer, Sector } from '../domain/events.js';
import type { ProjectDates, Stage } from '../domain/state.js';
import type { ProjectSummary } from '../domain/summary.js';

export interface ProjectView {
  projectId: string;
  name: string;
  investor: string;
  /** The investor's unified social credit code, when recorded. */
  creditCode: string | null;
  origin: Origin;
  sector: Sector;
  stage: Stage;
  unitId: string;
  parkId: string | null;
  referrer: Referrer | null;
  plannedInvestment: Money & { cnyRate?: string };
  committedInvestment: (Money & { cnyRate?: string }) | null;
  fundingArrivedCny: Money;
  fundingArrivalRate: number | null;
  taxPaidCny: Money;
  dates: ProjectDates;
  revision: number;
}

function asMoney(fact: MoneyFact): Money & { cnyRate?: string } {
  return fact.cnyRate ? { amount: fact.amount, currency: fact.currency, cnyRate: fact.cnyRate } : { amount: fact.amount, currency: fact.currency };
}

/**
 * Arrived over committed, at most 1: ratios are 0..1 (API.md), and funding beyond the commitment
 * shows in fundingArrivedCny, not as a rate over 100%. The unit rates cap each project the same way.
 */
function arrivalRate(arrived: bigint, committed: bigint): number | null {
  return ratio(minFen(arrived, committed), committed);
}

/** The API's view of a folded project (API.md "Reading projects"); `summarize` makes a summary of a state. */
export function projectView(p: ProjectSummary): ProjectView {
  const arrived = toFen(p.live.FundingArrived);
  return {
    projectId: p.projectId,
    name: p.name,
    investor: p.investor,
    creditCode: p.creditCode,
    origin: p.origin,
    sector: p.sector,
    stage: p.stage,
    unitId: p.unitId,
    parkId: p.parkId,
    referrer: p.referrer,
    plannedInvestment: asMoney(p.plannedInvestment),
    committedInvestment: p.committedInvestment && asMoney(p.committedInvestment),
    fundingArrivedCny: cny(arrived),
    fundingArrivalRate: p.committedInvestment ? arrivalRate(arrived, toFen(p.committedInvestment.cny)) : null,
    taxPaidCny: cny(toFen(p.live.TaxPaid)),
    dates: p.dates,
    revision: p.revision,
  };
}
