/**
 * The township decider: decide(command, state, today) → events | RuleViolation (422). A second closing
 * of a year without `revises` is a conflicting write and is thrown as Conflict (409), like a lost race.
 * Choices where DOMAIN.md is silent:
 * - A year closes on or after 1 January of the next year: before that its actual is not final.
 * - A revision names its own closing date (on or after the closing it revises, not in the future);
 *   keeping the first closing's date keeps the exit date. A revision can never move an exit earlier.
 * - A target is greater than zero.
 * - One holder per post at a time: an appointment needs the post vacant, dated on or after the previous
 *   holder's last day (a same-day handover is allowed). Tenures of a post are recorded in date order.
 */
import { Conflict, RuleViolation, fromFen, maxDate, notFuture, toFen, type Decision } from '../../kernel/index.js';
import type { TownshipCommand } from './commands.js';
import type { TownshipEvent } from './events.js';
import type { TownshipState } from './state.js';

type Command<T extends TownshipCommand['type']> = Extract<TownshipCommand, { type: T }>;

const refuse = (rule: string, message: string): RuleViolation => new RuleViolation(rule, message);

export function decide(command: TownshipCommand, state: TownshipState, today: string): Decision<TownshipEvent> {
  switch (command.type) {
    case 'AppointOfficial':
      return appoint(command, state, today);
    case 'RecordDeparture':
      return depart(command, state, today);
    case 'SetAnnualTarget':
      // A target of zero (or less) would be met by doing nothing: it is no target.
      if (toFen(command.target) <= 0n) return refuse('positive-target', `the ${command.year} target must be greater than zero`);
      return [{ type: 'AnnualTargetSet', data: { unitId: command.unitId, year: command.year, target: fromFen(toFen(command.target)) } }];
    case 'CloseYear':
      return close(command, state, today);
  }
}

function appoint(c: Command<'AppointOfficial'>, state: TownshipState, today: string): Decision<TownshipEvent> {
  const onPost = state.tenures.filter((t) => t.post === c.post);
  const holder = onPost.find((t) => t.to === null);
  const lastDay = onPost.map((t) => t.to ?? '').reduce(maxDate, '');
  const problem =
    notFuture(c.from, 'from', today) ??
    (holder ? refuse('one-holder-per-post', `${holder.officialId} holds ${c.post} since ${holder.from}; record the departure first`) : null) ??
    (c.from < lastDay ? refuse('tenures-in-order', `from ${c.from} is before the previous ${c.post}'s last day (${lastDay})`) : null);
  if (problem) return problem;
  return [{ type: 'OfficialAppointed', data: { officialId: c.officialId, name: c.name, unitId: c.unitId, post: c.post, from: c.from } }];
}

function depart(c: Command<'RecordDeparture'>, state: TownshipState, today: string): Decision<TownshipEvent> {
  const tenure = state.tenures.find((t) => t.officialId === c.officialId && t.post === c.post && t.to === null);
  if (!tenure) return refuse('departure-needs-tenure', `${c.officialId} does not hold ${c.post} of ${c.unitId}`);
  const problem =
    notFuture(c.on, 'on', today) ??
    (c.on < tenure.from ? refuse('departure-after-appointment', `on ${c.on} is before the appointment (${tenure.from})`) : null);
  if (problem) return problem;
  return [{ type: 'OfficialDeparted', data: { officialId: c.officialId, unitId: c.unitId, post: c.post, on: c.on } }];
}

function close(c: Command<'CloseYear'>, state: TownshipState, today: string): Decision<TownshipEvent> {
  const target = state.targets[c.year];
  if (target === undefined) return refuse('target-required', `no target is set for ${c.year}`);
  const standing = state.closings.find((cl) => cl.year === c.year);
  if (standing && !c.revises) {
    throw new Conflict(`${c.year} was closed on ${standing.closedOn}; send revises: true with a reason to revise it`, {
      year: c.year,
      closedOn: standing.closedOn,
    });
  }
  const problem =
    notFuture(c.closedOn, 'closedOn', today) ??
    (c.closedOn <= `${c.year}-12-31` ? refuse('year-over-first', `closedOn ${c.closedOn} is not after the year ${c.year}`) : null) ??
    (c.revises && !standing ? refuse('nothing-to-revise', `${c.year} has not been closed`) : null) ??
    (c.revises && !c.reason?.trim() ? refuse('revision-needs-reason', 'a revising closing needs a reason') : null) ??
    (standing && c.closedOn < standing.closedOn
      ? refuse('revision-not-before-closing', `a revision is dated on or after the closing it revises (${standing.closedOn})`)
      : null);
  if (problem) return problem;
  const actual = toFen(c.actual);
  const met = actual >= toFen(target);
  return [
    {
      type: 'YearClosed',
      data: { unitId: c.unitId, year: c.year, closedOn: c.closedOn, target, actual: fromFen(actual), met, revises: c.revises, reason: c.reason },
    },
  ];
}
