/**
 * Parks (園區): a registry, so a lead names a park that exists (a typo must not make a new park).
 * One stream per park, `park-<parkId>`, holding its registration; a park lies in one registered unit.
 */
import { narrow } from '../../event-store/narrow.js';
import { RuleViolation, type Decider } from '../../kernel/index.js';
import type { Unit } from './units.js';

export interface Park {
  parkId: string;
  name: string;
  /** The unit the park lies in. */
  unitId: string;
}

export type ParkEvent = { type: 'ParkRegistered'; data: Park };
export const PARK_EVENT_TYPES: readonly ParkEvent['type'][] = ['ParkRegistered'];
export const isParkEvent = narrow<ParkEvent>(PARK_EVENT_TYPES);

/** A park's stream holds its one registration. */
export const evolvePark = (_: Park | null, event: ParkEvent): Park => event.data;

export const PARK_STREAM_PREFIX = 'park-';
export const parkStreamId = (parkId: string): string => `${PARK_STREAM_PREFIX}${parkId}`;

/** A park to register, with the registered unit its unitId names (null when none is), as the read model has it. */
export type ParkToRegister = Park & { unit: Unit | null };

/** `existing`: the park already registered under this id, if any. */
export const decidePark: Decider<ParkToRegister, Park | null, ParkEvent> = ({ unit, ...command }, existing) => {
  if (existing) return new RuleViolation('park-once', `park ${command.parkId} is already registered`);
  if (!unit) return new RuleViolation('known-unit', `unit ${command.unitId} is not registered`);
  return [{ type: 'ParkRegistered', data: { parkId: command.parkId, name: command.name, unitId: command.unitId } }];
};
