/**
 * What assessment knows of a project: its dated facts, read as of a business day. Pure; the read model
 * fills it from its tables, tests build it directly.
 */
import { maxDate, type Fen, type LocalDate } from '../../kernel/index.js';
import type { Credit, Sector, Stage, VoidableType } from '../../projects/domain/index.js';

export interface AssessedFact {
  eventId: string;
  type: VoidableType;
  on: LocalDate;
  cny: Fen;
  /** A voided fact was declared wrong: assessment ignores it in every period and every view. */
  voided: boolean;
}

export interface Signing {
  signedOn: LocalDate;
  committedCny: Fen;
}

export interface AssessedProject {
  projectId: string;
  name: string;
  sector: Sector;
  leadOn: LocalDate;
  plannedCny: Fen;
  /** In stream order; a contract after an intent replaces the committed amount from its date. */
  signings: Signing[];
  /** The credit history in stream order (the lead's unit first); read it with `creditedUnitOn` of projects/domain/credit. */
  credits: Credit[];
  brokeGroundOn: LocalDate | null;
  completedOn: LocalDate | null;
  productionStartedOn: LocalDate | null;
  abandonedOn: LocalDate | null;
  facts: AssessedFact[];
}

/** `null` means "as far as the ledger knows": no day bound. */
export type AsOf = LocalDate | null;

function reached(date: LocalDate | null, asOf: AsOf): boolean {
  return date !== null && (asOf === null || date <= asOf);
}

export function signedOn(project: AssessedProject, asOf: AsOf): LocalDate | null {
  const first = project.signings[0]?.signedOn ?? null;
  return reached(first, asOf) ? first : null;
}

/** Committed investment of the latest signing on or before the day; before any signing, the planned one. */
export function investmentOn(project: AssessedProject, day: AsOf): Fen {
  let cny = project.plannedCny;
  for (const signing of project.signings) if (reached(signing.signedOn, day)) cny = signing.committedCny;
  return cny;
}

export function stageOn(project: AssessedProject, day: AsOf): Stage {
  if (reached(project.abandonedOn, day)) return 'abandoned';
  if (reached(project.productionStartedOn, day)) return 'in_production';
  if (reached(project.completedOn, day)) return 'completed';
  if (reached(project.brokeGroundOn, day)) return 'under_construction';
  return signedOn(project, day) !== null ? 'signed' : 'lead';
}

export function liveFacts(project: AssessedProject, type: VoidableType, asOf: AsOf): AssessedFact[] {
  return project.facts.filter((f) => f.type === type && !f.voided && reached(f.on, asOf));
}

export function liveTotal(project: AssessedProject, type: VoidableType, asOf: AsOf): Fen {
  return liveFacts(project, type, asOf).reduce((sum, f) => sum + f.cny, 0n);
}

/**
 * The latest business date of a life event on or before the day: lead, signings, stages and live
 * facts. Credit, referrer and void events are paperwork about the project, not signs of its life.
 */
export function lastLifeEventOn(project: AssessedProject, asOf: AsOf): LocalDate {
  const dates = [
    ...project.signings.map((s) => s.signedOn),
    project.brokeGroundOn,
    project.completedOn,
    project.productionStartedOn,
    ...project.facts.filter((f) => !f.voided).map((f) => f.on),
  ];
  return dates.reduce<LocalDate>((last, d) => (d !== null && reached(d, asOf) ? maxDate(last, d) : last), project.leadOn);
}
