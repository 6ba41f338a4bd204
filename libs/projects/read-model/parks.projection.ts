import type { ProjectedEvent } from '../../event-store/index.js';
import type { Projection, ReadDb } from '../../projector/index.js';
import { PARK_STREAM_PREFIX, isParkEvent, type Park } from '../domain/parks.js';

/** Registered parks, for validating a lead's park and listing them. */
export class ParksProjection implements Projection {
  readonly name = 'parks';
  readonly version = 1;
  readonly tables = ['parks'] as const;

  setup(db: ReadDb): void {
    db.exec('CREATE TABLE IF NOT EXISTS parks (park_id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL)');
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    if (!event.streamId.startsWith(PARK_STREAM_PREFIX) || !isParkEvent(event)) return;
    const { data } = event;
    db.prepare('INSERT OR IGNORE INTO parks (park_id, name, unit_id) VALUES (?, ?, ?)').run(data.parkId, data.name, data.unitId);
  }
}

type ParkRow = { park_id: string; name: string; unit_id: string };
const park = (r: ParkRow): Park => ({ parkId: r.park_id, name: r.name, unitId: r.unit_id });

export function findPark(db: ReadDb, parkId: string): Park | null {
  const row = db.prepare('SELECT park_id, name, unit_id FROM parks WHERE park_id = ?').get(parkId) as ParkRow | undefined;
  return row ? park(row) : null;
}

/** Every park, or those lying in the given units. */
export function listParks(db: ReadDb, unitIds?: readonly string[]): Park[] {
  const rows = db.prepare('SELECT park_id, name, unit_id FROM parks ORDER BY park_id').all() as ParkRow[];
  return rows.map(park).filter((p) => !unitIds || unitIds.includes(p.unitId));
}
