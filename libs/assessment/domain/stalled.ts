/**
 * Stalled projects (前熱後冷) and the counties' yellow/red follow-up flags, as of a business day: only
 * facts dated on or before that day count, so a past day shows what its follow-up would have shown
 * with everything the ledger now knows.
 */
import { addMonths, compareText, daysBetween, maxDate, type LocalDate } from '../../kernel/index.js';
import { creditedUnitOn, type Stage } from '../../projects/domain/index.js';
import { investmentOn, lastLifeEventOn, liveFacts, signedOn, stageOn, type AssessedProject } from './project.js';

export const DEFAULT_SILENT_DAYS = 90;

/** Signed, not abandoned, not yet producing: the projects someone must follow. */
const FOLLOWED: readonly Stage[] = ['signed', 'under_construction', 'completed'];

export type FlagRule = 'not_started' | 'funding_stopped' | 'underfunded';
export type FlagLevel = 'yellow' | 'red';

export interface Flag {
  rule: FlagRule;
  level: FlagLevel;
  /** The day the condition reached this level. */
  since: LocalDate;
}

/** Below this share of committed funding (in percent) six months after signing, a project is underfunded. */
const UNDERFUNDED_PERCENT = 15n;

/** Yellow once a condition has held `months` from its start; red once it has held twice as long. */
function escalate(rule: FlagRule, start: LocalDate, months: number, asOf: LocalDate): Flag[] {
  const red = addMonths(start, 2 * months);
  if (asOf >= red) return [{ rule, level: 'red', since: red }];
  const yellow = addMonths(start, months);
  return asOf >= yellow ? [{ rule, level: 'yellow', since: yellow }] : [];
}

/**
 * - not_started: signed and no groundbreaking; yellow a year after signing, red after two.
 * - funding_stopped: under construction, funded below its commitment, and no funding arrived since
 *   groundbreaking or the last tranche; yellow after three months, red after six.
 * - underfunded: arrived funding under 15% of committed; yellow six months after signing, red after twelve.
 */
export function followUpFlags(project: AssessedProject, asOf: LocalDate): Flag[] {
  const signed = signedOn(project, asOf);
  const stage = stageOn(project, asOf);
  if (signed === null || !FOLLOWED.includes(stage)) return [];
  const committed = investmentOn(project, asOf);
  const funding = liveFacts(project, 'FundingArrived', asOf);
  const arrived = funding.reduce((sum, f) => sum + f.cny, 0n);
  const flags: Flag[] = [];
  if (stage === 'signed') flags.push(...escalate('not_started', signed, 12, asOf));
  if (stage === 'under_construction' && project.brokeGroundOn !== null && arrived < committed) {
    const quietSince = funding.reduce((last, f) => maxDate(last, f.on), project.brokeGroundOn);
    flags.push(...escalate('funding_stopped', quietSince, 3, asOf));
  }
  if (arrived * 100n < committed * UNDERFUNDED_PERCENT) flags.push(...escalate('underfunded', signed, 6, asOf));
  return flags;
}

export interface StalledProject {
  projectId: string;
  name: string;
  /** The unit credited on the as-of day. */
  unitId: string;
  stage: Stage;
  lastEventOn: LocalDate;
  daysSilent: number;
  flags: Flag[];
}

/** Followed projects silent for more than `days` days as of the day; longest silence first, then by projectId. */
export function stalled(projects: readonly AssessedProject[], asOf: LocalDate, days: number): StalledProject[] {
  return projects
    .flatMap((project): StalledProject[] => {
      const stage = stageOn(project, asOf);
      if (!FOLLOWED.includes(stage)) return [];
      const lastEventOn = lastLifeEventOn(project, asOf);
      const daysSilent = daysBetween(lastEventOn, asOf);
      if (daysSilent <= days) return [];
      const { projectId, name } = project;
      return [{ projectId, name, unitId: creditedUnitOn(project.credits, asOf), stage, lastEventOn, daysSilent, flags: followUpFlags(project, asOf) }];
    })
    .sort((a, b) => b.daysSilent - a.daysSilent || compareText(a.projectId, b.projectId));
}
