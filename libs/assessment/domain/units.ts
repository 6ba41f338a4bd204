/** The unit tree as assessment reads it: a unit's figures include those of the units below it. */
import { lineage, type Unit } from '../../projects/domain/index.js';

export class UnitTree {
  private readonly byId: Map<string, Unit>;

  constructor(readonly units: readonly Unit[]) {
    this.byId = new Map(units.map((u) => [u.unitId, u]));
  }

  /** The unit and every registered unit above it, nearest first; empty for a unit nobody registered. */
  selfAndAncestors(unitId: string): Unit[] {
    return lineage(unitId, (id) => this.byId.get(id) ?? null).map((id) => this.byId.get(id)!);
  }

  /** Is `unitId` the unit `ancestorId` or below it? */
  isWithin(unitId: string, ancestorId: string): boolean {
    return lineage(unitId, (id) => this.byId.get(id) ?? null).includes(ancestorId);
  }
}
