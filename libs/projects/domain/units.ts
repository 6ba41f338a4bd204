/**
 * Units (單位): counties, townships (each under one county) and city departments. One stream per
 * unit, `unit-<unitId>`, holding its registration.
 */
import { narrow } from '../../event-store/narrow.js';
import { RuleViolation, type Decider } from '../../kernel/index.js';

export const UNIT_KINDS = ['county', 'township', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  unitId: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

export type UnitEvent = { type: 'UnitRegistered'; data: { unitId: string; name: string; kind: UnitKind; parentId: string | null } };
export const UNIT_EVENT_TYPES: readonly UnitEvent['type'][] = ['UnitRegistered'];
/** A stored event of a unit stream, typed as its UnitEvent. */
export const isUnitEvent = narrow<UnitEvent>(UNIT_EVENT_TYPES);

export const UNIT_STREAM_PREFIX = 'unit-';
export const unitStreamId = (unitId: string): string => `${UNIT_STREAM_PREFIX}${unitId}`;

export interface RegisterUnit {
  unitId: string;
  name: string;
  kind: UnitKind;
  parentId?: string;
}

/** A unit stream holds its registration: the unit as registered. */
export function evolveUnit(_: Unit | null, event: UnitEvent): Unit {
  return { ...event.data };
}

/** A township belongs to one county; counties and departments report to the city and have no parent. */
/** A unit to register, with the registered unit its parentId names (null when none is), as the read model has it. */
export type UnitToRegister = RegisterUnit & { parent: Unit | null };

/** `existing`: the unit already registered under this id, if any. */
export const decideUnit: Decider<UnitToRegister, Unit | null, UnitEvent> = ({ parent, ...command }, existing) => {
  if (existing) return new RuleViolation('unit-once', `unit ${command.unitId} is already registered`);
  if (command.kind === 'township') {
    if (!command.parentId) return new RuleViolation('township-in-county', 'a township needs the county it belongs to (parentId)');
    if (!parent || parent.kind !== 'county') {
      return new RuleViolation('township-in-county', `parent ${command.parentId} is not a registered county`);
    }
  } else if (command.parentId) {
    return new RuleViolation('top-level-unit', `a ${command.kind} reports to the city and takes no parentId`);
  }
  return [{ type: 'UnitRegistered', data: { unitId: command.unitId, name: command.name, kind: command.kind, parentId: command.parentId ?? null } }];
};

/** The unit and every unit above it, nearest first. */
export function lineage(unitId: string, find: (id: string) => Unit | null): string[] {
  const chain: string[] = [];
  for (let u = find(unitId); u && !chain.includes(u.unitId); u = u.parentId ? find(u.parentId) : null) chain.push(u.unitId);
  return chain;
}
