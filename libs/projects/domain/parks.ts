/**
 * Parks (園區): a registry, so a lead names a park that exists (a typo must not make a new park).
 * One stream per park, `park-<parkId>`, holding its registration; a park lies in one registered unit.
 */
import { narrow } from '../../event-store/narrow.js';
import { RuleViolation, type Decision } from '../../kernel/index.js';
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

export function decidePark(command: Park, existing: Park | null, unit: Unit | null): Decision<ParkEvent> {
  if (existing) return new RuleViolation('park-once', `park ${command.parkId} is already registered`);
  if (!unit) return new RuleViolation('known-unit', `unit ${command.unitId} is not registered`);
  return [{ type: 'ParkRegistered', data: { parkId: command.parkId, name: command.name, unitId: command.unitId } }];
}
