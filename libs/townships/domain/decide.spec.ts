import { Conflict } from '../../kernel/index.js';
import { deciderSpec } from '../../kernel/testing/decider.js';
import type { TownshipCommand } from './commands.js';
import { decide } from './decide.js';
import type { TownshipEvent } from './events.js';
import { evolve } from './evolve.js';
import { EMPTY_TOWNSHIP, type TownshipState } from './state.js';

const U = 'qingyun';
const TODAY = '2027-06-30';

const appointed = (officialId: string, post: 'party_secretary' | 'township_head', from: string): TownshipEvent => ({
  type: 'OfficialAppointed',
  data: { officialId, name: officialId.toUpperCase(), unitId: U, post, from },
});
const departed = (officialId: string, post: 'party_secretary' | 'township_head', on: string): TownshipEvent => ({
  type: 'OfficialDeparted',
  data: { officialId, unitId: U, post, on },
});
const target = (year: number, amount: string): TownshipEvent => ({ type: 'AnnualTargetSet', data: { unitId: U, year, target: amount } });
const closed = (year: number, closedOn: string, actual: string, met: boolean): TownshipEvent => ({
  type: 'YearClosed',
  data: { unitId: U, year, closedOn, target: '100.00', actual, met, revises: false, reason: null },
});

const { given, fold } = deciderSpec<TownshipCommand, TownshipState, TownshipEvent>({
  decide,
  evolve: (state, event) => evolve(state, event),
  initial: EMPTY_TOWNSHIP,
  today: TODAY,
});

const appoint = (officialId: string, from: string): TownshipCommand => ({
  type: 'AppointOfficial',
  unitId: U,
  officialId,
  name: officialId.toUpperCase(),
  post: 'township_head',
  from,
});
const depart = (officialId: string, on: string): TownshipCommand => ({ type: 'RecordDeparture', unitId: U, officialId, post: 'township_head', on });
const close = (year: number, closedOn: string, actual: string, revision?: string): TownshipCommand => ({
  type: 'CloseYear',
  unitId: U,
  year,
  closedOn,
  actual,
  revises: revision !== undefined,
  reason: revision ?? null,
});

describe('township decider: officials', () => {
  it.each<[string, TownshipEvent[], TownshipCommand, TownshipEvent]>([
    ['a vacant post', [], appoint('wang', '2024-03-01'), appointed('wang', 'township_head', '2024-03-01')],
    [
      'the other post is held',
      [appointed('li', 'party_secretary', '2020-01-01')],
      appoint('wang', '2024-03-01'),
      appointed('wang', 'township_head', '2024-03-01'),
    ],
    [
      'a same-day handover',
      [appointed('li', 'township_head', '2020-01-01'), departed('li', 'township_head', '2024-03-01')],
      appoint('wang', '2024-03-01'),
      appointed('wang', 'township_head', '2024-03-01'),
    ],
    ['a departure', [appointed('wang', 'township_head', '2020-01-01')], depart('wang', '2024-03-01'), departed('wang', 'township_head', '2024-03-01')],
    ['a one-day tenure', [appointed('wang', 'township_head', '2024-03-01')], depart('wang', '2024-03-01'), departed('wang', 'township_head', '2024-03-01')],
  ])('records %s', (_, history, command, expected) => {
    given(history).when(command).then([expected]);
  });

  it.each<[string, TownshipEvent[], TownshipCommand, string]>([
    ['an appointment in the future', [], appoint('wang', '2027-07-01'), 'no-future-dates'],
    ['a second holder of a post', [appointed('li', 'township_head', '2020-01-01')], appoint('wang', '2024-03-01'), 'one-holder-per-post'],
    ['a holder appointed again', [appointed('wang', 'township_head', '2020-01-01')], appoint('wang', '2024-03-01'), 'one-holder-per-post'],
    [
      'an appointment before the previous holder left',
      [appointed('li', 'township_head', '2020-01-01'), departed('li', 'township_head', '2024-03-01')],
      appoint('wang', '2024-02-29'),
      'tenures-in-order',
    ],
    ['a departure of someone not in the post', [appointed('li', 'township_head', '2020-01-01')], depart('wang', '2024-03-01'), 'departure-needs-tenure'],
    [
      'a second departure',
      [appointed('wang', 'township_head', '2020-01-01'), departed('wang', 'township_head', '2024-03-01')],
      depart('wang', '2024-03-02'),
      'departure-needs-tenure',
    ],
    ['a departure before the appointment', [appointed('wang', 'township_head', '2024-03-01')], depart('wang', '2024-02-29'), 'departure-after-appointment'],
    ['a departure in the future', [appointed('wang', 'township_head', '2024-03-01')], depart('wang', '2027-07-01'), 'no-future-dates'],
  ])('refuses %s', (_, history, command, expected) => {
    given(history).when(command).thenRefused(expected);
  });
});

describe('township decider: targets and closings', () => {
  it('normalises a target to two fraction digits', () => {
    given([])
      .when({ type: 'SetAnnualTarget', unitId: U, year: 2026, target: '5000000' })
      .then([target(2026, '5000000.00')]);
  });

  it.each<[string, string, string, boolean]>([
    ['99.99', '2027-01-15', '99.99', false],
    ['100', '2027-01-15', '100.00', true],
    ['100.01', '2027-01-01', '100.01', true],
  ])('freezes actual %s closed on %s as %s, met=%s', (actual, closedOn, frozen, met) => {
    given([target(2026, '100.00')])
      .when(close(2026, closedOn, actual))
      .then([{ type: 'YearClosed', data: { unitId: U, year: 2026, closedOn, target: '100.00', actual: frozen, met, revises: false, reason: null } }]);
  });

  it('closes with the target as it is at closing; a later target never changes the closing', () => {
    const [first] = given([target(2025, '100.00'), target(2025, '80.00')]).when(close(2025, '2026-01-10', '90.00')).decision as TownshipEvent[];
    const after = given([target(2025, '100.00'), target(2025, '80.00'), first, target(2025, '95.00')]);
    expect(after.state.closings).toEqual([{ year: 2025, closedOn: '2026-01-10', target: '80.00', actual: '90.00', met: true }]);
    const [revision] = after.when(close(2025, '2026-02-01', '90.00', 'target corrected')).decision as TownshipEvent[];
    expect(revision.data).toMatchObject({ target: '95.00', met: false, revises: true, reason: 'target corrected' });
  });

  it('lets the later closing of a year stand', () => {
    const state = fold([target(2025, '100.00'), closed(2025, '2026-01-10', '90.00', false), closed(2025, '2026-03-01', '120.00', true)]);
    expect(state.closings).toEqual([{ year: 2025, closedOn: '2026-03-01', target: '100.00', actual: '120.00', met: true }]);
  });

  it.each<[string, TownshipEvent[], TownshipCommand, string]>([
    ['a closing without a target (422)', [target(2025, '100.00')], close(2026, '2027-01-10', '1.00'), 'target-required'],
    ['a closing on the last day of the year', [target(2026, '100.00')], close(2026, '2026-12-31', '1.00'), 'year-over-first'],
    ['a closing of a year not over', [target(2027, '100.00')], close(2027, '2027-06-30', '1.00'), 'year-over-first'],
    ['a closing dated in the future', [target(2026, '100.00')], close(2026, '2027-07-01', '1.00'), 'no-future-dates'],
    ['a revision of a year never closed', [target(2026, '100.00')], close(2026, '2027-01-10', '1.00', 'typo'), 'nothing-to-revise'],
    [
      'a revision without a reason',
      [target(2026, '100.00'), closed(2026, '2027-01-10', '1.00', false)],
      close(2026, '2027-02-10', '1.00', ' '),
      'revision-needs-reason',
    ],
    [
      'a revision dated before the closing it revises',
      [target(2026, '100.00'), closed(2026, '2027-01-10', '1.00', false)],
      close(2026, '2027-01-09', '1.00', 'late funding'),
      'revision-not-before-closing',
    ],
  ])('refuses %s', (_, history, command, expected) => {
    given(history).when(command).thenRefused(expected);
  });

  it('lets a revision keep the closing date it revises (so the exit date stays)', () => {
    given([target(2026, '100.00'), closed(2026, '2027-01-10', '1.00', false)])
      .when(close(2026, '2027-01-10', '120.00', 'late funding'))
      .then([
        {
          type: 'YearClosed',
          data: { unitId: U, year: 2026, closedOn: '2027-01-10', target: '100.00', actual: '120.00', met: true, revises: true, reason: 'late funding' },
        },
      ]);
  });

  it.each(['0', '0.00', '-1.00'])('refuses a target of %s', (amount) => {
    given([]).when({ type: 'SetAnnualTarget', unitId: U, year: 2026, target: amount }).thenRefused('positive-target');
  });

  it('treats a second closing without revises as a conflict (409)', () => {
    given([target(2026, '100.00'), closed(2026, '2027-01-10', '1.00', false)])
      .when(close(2026, '2027-01-11', '200.00'))
      .thenThrows(Conflict);
  });
});
