/** The shapes of the ledger's answers the console reads (../shared/spec/API.md; OpenAPI at /docs). */
import type { Money } from './format.js';

export const STAGES = ['lead', 'signed', 'under_construction', 'completed', 'in_production', 'abandoned'] as const;
export type Stage = (typeof STAGES)[number];
export const SECTORS = ['primary', 'secondary', 'tertiary', 'real_estate'] as const;
export const ORIGINS = ['domestic', 'foreign'] as const;

export interface Unit {
  unitId: string;
  name: string;
  kind: 'county' | 'township' | 'department';
  parentId: string | null;
}

export interface Referrer {
  referrerId: string;
  name: string;
  kind: 'person' | 'organization';
}

export interface ProjectView {
  projectId: string;
  name: string;
  investor: string;
  origin: string;
  sector: string;
  stage: Stage;
  unitId: string;
  parkId: string | null;
  referrer: Referrer | null;
  plannedInvestment: Money;
  committedInvestment: Money | null;
  fundingArrivedCny: Money;
  fundingArrivalRate: number | null;
  taxPaidCny: Money;
  dates: Record<'leadOn' | 'signedOn' | 'brokeGroundOn' | 'completedOn' | 'productionStartedOn' | 'abandonedOn', string | null>;
  revision: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Written {
  projectId: string;
  eventId: string;
  revision: number;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  revision: number;
  globalPosition: number;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  role: string;
  summary: string;
  voidedAt: number | null;
}

export interface BrokenEvent {
  streamId: string | null;
  revision: number | null;
  globalPosition: number;
  reason: string;
}

export interface ProjectTimeline {
  projectId: string;
  asOf: string | null;
  project: ProjectView | null;
  timeline: TimelineEntry[];
  firstBroken: BrokenEvent | null;
}

export interface StalledProject {
  projectId: string;
  name: string;
  unitId: string;
  stage: Stage;
  lastEventOn: string;
  daysSilent: number;
  flags: { rule: string; level: 'yellow' | 'red'; since: string }[];
}

export interface Stalled {
  asOf: string;
  days: number;
  items: StalledProject[];
}

export interface StatementLine {
  projectId: string;
  taxPaidCny: Money;
  rateBps: number;
  reward: Money;
}

export interface Statement {
  referrerId: string;
  period: string;
  lines: StatementLine[];
  adjustments: { projectId: string; forPeriod: string; amount: Money; reason: string }[];
  total: Money;
  paid: null | { amount: Money; paymentReference: string; paidOn: string };
}

export interface PeriodStatements {
  period: string;
  statements: Statement[];
  total: Money;
}

export interface TownshipYear {
  year: number;
  target: Money;
  actual: Money;
  met: boolean | null;
  closedOn: string | null;
}

export interface Township {
  unitId: string;
  years: TownshipYear[];
  exits: { on: string; years: number[] }[];
}

export interface Ban {
  officialId: string;
  name: string;
  unitId: string;
  failedYears: number[];
  from: string;
  until: string;
}

export interface RankedUnit {
  unitId: string;
  name: string;
  score: Money;
  rank: number;
  mark: 'reward' | 'self_criticism' | null;
  projects: { projectId: string; name: string; countedValue: Money; belowMinimum: boolean }[];
}

export interface Assessment {
  period: string;
  kind: string;
  units: RankedUnit[];
}

export interface Rates {
  unitId: string;
  signedFrom: string;
  signedTo: string;
  successRate: number | null;
  fundingArrivalRate: number | null;
  completionRate: number | null;
  projects: { projectId: string; name: string; unitId: string; signedOn: string; stage: Stage; committedInvestment: Money; fundingArrived: Money }[];
}

export interface Eligibility {
  officialId: string;
  on: string;
  eligible: boolean;
  bans: Omit<Ban, 'officialId' | 'name'>[];
}
