/**
 * The exit and ban rules, pure over standing closings and tenures. Choices where DOMAIN.md is silent:
 * - Consecutive means calendar years Y and Y+1, both closed and not met. A year without a closing
 *   breaks the streak: it has no verdict to count.
 * - The exit date is the later closing date of the two years (the day the second failure was known);
 *   with closings made in year order that is the second year's closing date.
 * - A tenure covers its `from` and its `to` day: an official who departs on the exit date still held
 *   the post that day and is banned; one who left the day before is not. On a same-day handover both
 *   the leaving and the arriving head are banned.
 */
import { addYears, maxDate } from '../../kernel/index.js';
import type { Closing, Tenure } from './state.js';

export const FAILED_YEARS_TO_EXIT = 2;
export const BAN_YEARS = 3;

export interface Exit {
  on: string;
  years: number[];
}

export interface Ban {
  officialId: string;
  name: string;
  unitId: string;
  failedYears: number[];
  from: string;
  /** The first day the official may be promoted again (excluded from the ban). */
  until: string;
}

type Verdict = Pick<Closing, 'year' | 'closedOn' | 'met'>;

export function exitsFrom(closings: readonly Verdict[]): Exit[] {
  const exits: Exit[] = [];
  let streak: Verdict[] = [];
  for (const closing of [...closings].sort((a, b) => a.year - b.year)) {
    const follows = streak.length > 0 && closing.year === streak[streak.length - 1].year + 1;
    streak = closing.met ? [] : follows ? [...streak, closing] : [closing];
    if (streak.length === FAILED_YEARS_TO_EXIT) {
      exits.push({ on: streak.map((c) => c.closedOn).reduce(maxDate), years: streak.map((c) => c.year) });
      streak = [];
    }
  }
  return exits;
}

/** Whether a closing made the township exit: an exit stands after it that did not stand before. */
export function exitedBy(before: readonly Verdict[], after: readonly Verdict[]): boolean {
  const key = (e: Exit) => `${e.on} ${e.years.join(',')}`;
  const earlier = new Set(exitsFrom(before).map(key));
  return exitsFrom(after).some((e) => !earlier.has(key(e)));
}

export function headsOn(tenures: readonly Tenure[], day: string): Tenure[] {
  return tenures.filter((t) => t.from <= day && (t.to === null || day <= t.to));
}

/** One ban per exit for each official holding either post that day (holding both still makes one). */
export function bansFrom(unitId: string, exits: readonly Exit[], tenures: readonly Tenure[]): Ban[] {
  return exits.flatMap((exit) => {
    const heads = headsOn(tenures, exit.on).filter((t, i, all) => all.findIndex((o) => o.officialId === t.officialId) === i);
    return heads.map((t) => ({
      officialId: t.officialId,
      name: t.name,
      unitId,
      failedYears: exit.years,
      from: exit.on,
      until: addYears(exit.on, BAN_YEARS),
    }));
  });
}

export function banCovers(ban: Pick<Ban, 'from' | 'until'>, day: string): boolean {
  return ban.from <= day && day < ban.until;
}
