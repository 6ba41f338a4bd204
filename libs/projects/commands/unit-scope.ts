import { Forbidden, RuleViolation } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import type { Principal } from '../../platform/tokens.js';
import { findPark } from '../read-model/parks.projection.js';
import { findUnit, isWithin } from '../read-model/units.projection.js';

/** A principal bound to a unit (a recorder, an assessor…) may touch only what is credited to that unit or below it. */
export function assertInScope(db: ReadDb, principal: Principal, unitId: string): void {
  if (principal.unitId && !isWithin(db, unitId, principal.unitId)) {
    throw new Forbidden(`${principal.actor} works for ${principal.unitId} only; this names ${unitId}`);
  }
}

/** A lead names a registered park, or none: a typo must not make a new park. */
export function assertParkExists(db: ReadDb, parkId: string | undefined): void {
  if (parkId !== undefined && !findPark(db, parkId)) throw new RuleViolation('known-park', `park ${parkId} is not registered (POST /v1/parks)`);
}

export function assertUnitExists(db: ReadDb, unitId: string): void {
  if (!findUnit(db, unitId)) throw new RuleViolation('known-unit', `unit ${unitId} is not registered`);
}
