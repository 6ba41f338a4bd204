import type { ProjectedEvent } from '../../event-store/index.js';
import type { Projection, ReadDb } from '../../projector/index.js';
import { UNIT_STREAM_PREFIX, isUnitEvent, lineage, type Unit } from '../domain/units.js';

/** Registered units and their tree, for scoping recorders and validating credited units. */
export class UnitsProjection implements Projection {
  readonly name = 'units';
  readonly version = 1;
  readonly tables = ['units'] as const;

  setup(db: ReadDb): void {
    db.exec(`CREATE TABLE IF NOT EXISTS units (
      unit_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent_id TEXT)`);
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    if (!event.streamId.startsWith(UNIT_STREAM_PREFIX) || !isUnitEvent(event)) return;
    const { data } = event;
    db.prepare('INSERT OR IGNORE INTO units (unit_id, name, kind, parent_id) VALUES (?, ?, ?, ?)').run(data.unitId, data.name, data.kind, data.parentId);
  }
}

interface UnitRow {
  unit_id: string;
  name: string;
  kind: Unit['kind'];
  parent_id: string | null;
}

const unitOf = (r: UnitRow): Unit => ({ unitId: r.unit_id, name: r.name, kind: r.kind, parentId: r.parent_id });

export function findUnit(db: ReadDb, unitId: string): Unit | null {
  const row = db.prepare('SELECT unit_id, name, kind, parent_id FROM units WHERE unit_id = ?').get(unitId) as UnitRow | undefined;
  return row ? unitOf(row) : null;
}

/**
 * Every unit, by id, from this read model's `units` or from a table of the same columns another read model keeps
 * for itself (`assessment_units`), so each stays rebuildable on its own.
 */
export function listUnits(db: ReadDb, table: 'units' | 'assessment_units' = 'units'): Unit[] {
  return (db.prepare(`SELECT unit_id, name, kind, parent_id FROM ${table} ORDER BY unit_id`).all() as UnitRow[]).map(unitOf);
}

/** Whether `unitId` is `scope` or lies below it (a recorder of a county may record its townships' projects). */
export function isWithin(db: ReadDb, unitId: string, scope: string): boolean {
  return lineage(unitId, (id) => findUnit(db, id)).includes(scope);
}

/** The unit and every unit below it (API.md: a `unitId` filter includes the units below the one named). */
export function unitsWithin(db: ReadDb, unitId: string): string[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE below(unit_id) AS (SELECT unit_id FROM units WHERE unit_id = ?
         UNION SELECT u.unit_id FROM units u JOIN below b ON u.parent_id = b.unit_id)
       SELECT unit_id FROM below ORDER BY unit_id`,
    )
    .all(unitId) as { unit_id: string }[];
  return rows.length > 0 ? rows.map((r) => r.unit_id) : [unitId];
}
