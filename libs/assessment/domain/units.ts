/** The unit tree as assessment sees it: a unit's figures include those of the units below it. */
export const UNIT_KINDS = ['county', 'township', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  unitId: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

export class UnitTree {
  private readonly byId: Map<string, Unit>;

  constructor(readonly units: readonly Unit[]) {
    this.byId = new Map(units.map((u) => [u.unitId, u]));
  }

  get(unitId: string): Unit | undefined {
    return this.byId.get(unitId);
  }

  /** The unit and every registered unit above it. The seen-set stops at a cycle a bad registration could make. */
  selfAndAncestors(unitId: string): Unit[] {
    const chain: Unit[] = [];
    const seen = new Set<string>();
    for (let unit = this.byId.get(unitId); unit !== undefined && !seen.has(unit.unitId); unit = unit.parentId === null ? undefined : this.byId.get(unit.parentId)) {
      seen.add(unit.unitId);
      chain.push(unit);
    }
    return chain;
  }

  /** Is `unitId` the unit `ancestorId` or below it? */
  isWithin(unitId: string, ancestorId: string): boolean {
    return this.selfAndAncestors(unitId).some((u) => u.unitId === ancestorId);
  }
}
