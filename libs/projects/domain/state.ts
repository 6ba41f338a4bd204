import type { MoneyFact, Origin, Referrer, Sector, SigningKind, VoidableType } from './events.js';

export const STAGES = ['lead', 'signed', 'under_construction', 'completed', 'in_production', 'abandoned'] as const;
export type Stage = (typeof STAGES)[number];

/** A repeatable fact (funding, tax, verification) kept so that voids can find it and totals skip it. */
export interface CountedFact {
  eventId: string;
  type: VoidableType;
  on: string;
  /** CNY value in fen, as a decimal string (JSON-safe). */
  cny: string;
  /** The slip's number: a funding's bank reference or a tax payment's payment reference (null for verifications). */
  reference: string | null;
  /** `reference` as slips compare (slipKey), kept so the one-slip-once check does not re-normalise every earlier slip. */
  slip: string | null;
  voided: boolean;
  /** The unit credited when the fact was recorded: who may void it is judged by this unit, not a later credit. */
  unitId: string;
}

export interface ProjectDates {
  leadOn: string | null;
  signedOn: string | null;
  brokeGroundOn: string | null;
  completedOn: string | null;
  productionStartedOn: string | null;
  abandonedOn: string | null;
}

export interface Project {
  projectId: string;
  name: string;
  investor: string;
  creditCode: string | null;
  origin: Origin;
  sector: Sector;
  unitId: string;
  parkId: string | null;
  referrer: Referrer | null;
  referrerAttachedOn: string | null;
  plannedInvestment: MoneyFact;
  committedInvestment: MoneyFact | null;
  signingKind: SigningKind | null;
  stage: Stage;
  /** Stage before abandonment, for rules that still need it. */
  dates: ProjectDates;
  facts: CountedFact[];
  /** Latest business date of any life event (lead to tax), for stalled-project checks. */
  lastEventOn: string;
  /**
   * Latest date of a stage event so far (lead, every signing — a contract after an intent too —,
   * groundbreaking, completion, production): the next stage may not be dated before it.
   */
  lastStageOn: string;
  revision: number;
}

/** Before the lead there is no project. */
export type ProjectState = Project | null;
