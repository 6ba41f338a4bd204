import { deciderSpec } from '../../kernel/testing/decider.js';
import { decidePark, evolvePark, type Park, type ParkEvent, type ParkToRegister } from './parks.js';
import { decideUnit, evolveUnit, type Unit, type UnitEvent, type UnitToRegister } from './units.js';

const county: Unit = { unitId: 'rudong', name: '如东县', kind: 'county', parentId: null };
const township: Unit = { unitId: 'juegang', name: '掘港街道', kind: 'township', parentId: 'rudong' };
const registered = (unit: Unit): UnitEvent => ({ type: 'UnitRegistered', data: unit });
const asked = ({ unitId, name, kind }: Unit, parentId: string | undefined, parent: Unit | null): UnitToRegister => ({ unitId, name, kind, parentId, parent });

describe('decideUnit: a registry of units (one registration each; a township inside a registered county)', () => {
  const { given } = deciderSpec<UnitToRegister, Unit | null, UnitEvent>({ decide: decideUnit, evolve: evolveUnit, initial: null, today: '2026-12-02' });

  it.each<[string, UnitToRegister, Unit]>([
    ['a county reports to the city', asked(county, undefined, null), county],
    ['a township in a registered county', asked(township, 'rudong', county), township],
    [
      'a department reports to the city',
      { unitId: 'ndrc', name: '发改委', kind: 'department', parent: null },
      { unitId: 'ndrc', name: '发改委', kind: 'department', parentId: null },
    ],
  ])('%s', (_, command, unit) =>
    given([])
      .when(command)
      .then([registered(unit)]),
  );

  it.each<[string, UnitEvent[], UnitToRegister, string]>([
    ['a unit registers once', [registered(county)], asked(county, undefined, null), 'unit-once'],
    ['a township needs its county', [], asked(township, undefined, null), 'township-in-county'],
    ['a township in an unregistered county', [], asked(township, 'rudong', null), 'township-in-county'],
    ['a township under a township', [], asked(township, 'juegang', township), 'township-in-county'],
    ['a county takes no parent', [], asked(county, 'rudong', county), 'top-level-unit'],
  ])('refused: %s', (_, events, command, rule) => given(events).when(command).thenRefused(rule));
});

describe('decidePark: a registry of parks (one registration each, in a registered unit)', () => {
  const park: Park = { parkId: 'yangkou-port', name: '洋口港经济开发区', unitId: 'rudong' };
  const { given } = deciderSpec<ParkToRegister, Park | null, ParkEvent>({ decide: decidePark, evolve: evolvePark, initial: null, today: '2026-12-02' });

  it('a park in a registered unit is registered as given', () =>
    given([])
      .when({ ...park, unit: county })
      .then([{ type: 'ParkRegistered', data: park }]));

  it.each<[string, ParkEvent[], ParkToRegister, string]>([
    ['a park registers once', [{ type: 'ParkRegistered', data: park }], { ...park, unit: county }, 'park-once'],
    ['a park lies in a registered unit', [], { ...park, unitId: 'nowhere', unit: null }, 'known-unit'],
  ])('refused: %s', (_, events, command, rule) => given(events).when(command).thenRefused(rule));
});
