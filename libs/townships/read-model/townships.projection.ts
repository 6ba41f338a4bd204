/**
 * The `townships` read model: standing closings, targets, officials' tenures, and the exits and bans
 * derived from them with the domain rules (re-derived for a township on every closing or tenure
 * change, so a revision or a late appointment moves them); plus the input of a township's actual:
 * funding arrived per project with its date, each project's credit history and the unit tree.
 *
 * Funding counts for the unit credited on its arrival date (projects/domain/credit.ts, the rule every
 * read model follows): a project moved mid-year counts for its old unit before the move and for its
 * new one from the move's date. Queries apply the rule, so a backdated reassignment moves what it
 * covers. Closed years are frozen in their events and never move.
 */
import type { ProjectedEvent } from '../../event-store/index.js';
import { fromFen, toFen, yearOf } from '../../kernel/index.js';
import type { Projection, ReadDb } from '../../projector/projection.js';
import { creditEntry, isProjectEvent, isUnitEvent, PROJECT_STREAM_PREFIX, type ProjectEvent, UNIT_STREAM_PREFIX } from '../../projects/domain/index.js';
import { TOWNSHIP_STREAM_PREFIX, isTownshipEvent, type Post, type TownshipEvent } from '../domain/events.js';
import { bansFrom, exitsFrom } from '../domain/rules.js';
import type { Tenure } from '../domain/state.js';

export class TownshipsProjection implements Projection {
  readonly name = 'townships';
  /**
   * 2: funding counts for the unit credited on its arrival date (was: credited now); 4: funding keyed by
   * global position and voids in their own table (a random event-id key per tranche slowed a rebuild).
   */
  readonly version = 4;
  readonly tables = [
    'township_units',
    'township_credits',
    'township_funding',
    'township_voids',
    'township_targets',
    'township_years',
    'township_tenures',
    'township_exits',
    'promotion_bans',
  ] as const;

  setup(db: ReadDb): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS township_units (unit_id TEXT PRIMARY KEY, kind TEXT NOT NULL, parent_id TEXT);
      CREATE INDEX IF NOT EXISTS township_units_parent ON township_units (parent_id);
      DROP TABLE IF EXISTS township_projects; -- version 1's unit credited now, replaced by township_credits
      CREATE TABLE IF NOT EXISTS township_credits (
        stream_id TEXT NOT NULL, revision INTEGER NOT NULL, unit_id TEXT NOT NULL, from_on TEXT NOT NULL, PRIMARY KEY (stream_id, revision));
      -- cny as the stored decimal text: SQLite's 64-bit integers would bound what an event may hold.
      CREATE TABLE IF NOT EXISTS township_funding (
        position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream_id TEXT NOT NULL, year INTEGER NOT NULL, arrived_on TEXT NOT NULL,
        cny TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS township_funding_year ON township_funding (year, stream_id);
      -- The funding voided, by event id: a void names the tranche's event, the funding is keyed by position.
      CREATE TABLE IF NOT EXISTS township_voids (event_id TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS township_targets (unit_id TEXT NOT NULL, year INTEGER NOT NULL, target TEXT NOT NULL, PRIMARY KEY (unit_id, year));
      CREATE TABLE IF NOT EXISTS township_years (
        unit_id TEXT NOT NULL, year INTEGER NOT NULL, closed_on TEXT NOT NULL, target TEXT NOT NULL, actual TEXT NOT NULL,
        met INTEGER NOT NULL, PRIMARY KEY (unit_id, year));
      CREATE TABLE IF NOT EXISTS township_tenures (
        unit_id TEXT NOT NULL, official_id TEXT NOT NULL, name TEXT NOT NULL, post TEXT NOT NULL, from_on TEXT NOT NULL, to_on TEXT);
      CREATE INDEX IF NOT EXISTS township_tenures_unit ON township_tenures (unit_id, post);
      CREATE INDEX IF NOT EXISTS township_tenures_official ON township_tenures (official_id);
      CREATE TABLE IF NOT EXISTS township_exits (unit_id TEXT NOT NULL, on_date TEXT NOT NULL, years TEXT NOT NULL, PRIMARY KEY (unit_id, on_date, years));
      CREATE TABLE IF NOT EXISTS promotion_bans (
        official_id TEXT NOT NULL, name TEXT NOT NULL, unit_id TEXT NOT NULL, failed_years TEXT NOT NULL, from_on TEXT NOT NULL,
        until TEXT NOT NULL, PRIMARY KEY (official_id, unit_id, from_on, failed_years));
      CREATE INDEX IF NOT EXISTS promotion_bans_from ON promotion_bans (from_on);`);
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    if (event.streamId.startsWith(TOWNSHIP_STREAM_PREFIX) && isTownshipEvent(event)) applyTownship(event, db);
    else if (event.streamId.startsWith(PROJECT_STREAM_PREFIX) && isProjectEvent(event)) applyProject(event, event, db);
    else if (event.streamId.startsWith(UNIT_STREAM_PREFIX) && isUnitEvent(event)) {
      const { unitId, kind, parentId } = event.data;
      db.prepare('INSERT OR IGNORE INTO township_units (unit_id, kind, parent_id) VALUES (?, ?, ?)').run(unitId, kind, parentId);
    }
  }
}

function applyProject(event: ProjectEvent, stored: ProjectedEvent, db: ReadDb): void {
  const credit = creditEntry(event);
  if (credit) {
    db.prepare('INSERT INTO township_credits (stream_id, revision, unit_id, from_on) VALUES (?, ?, ?, ?)').run(
      stored.streamId,
      stored.revision,
      credit.unitId,
      credit.from,
    );
    return;
  }
  switch (event.type) {
    case 'FundingArrived':
      db.prepare('INSERT INTO township_funding (position, event_id, stream_id, year, arrived_on, cny) VALUES (?, ?, ?, ?, ?, ?)').run(
        stored.globalPosition,
        stored.eventId,
        stored.streamId,
        yearOf(event.data.arrivedOn),
        event.data.arrivedOn,
        fromFen(toFen(event.data.amount.cny)),
      );
      return;
    case 'FactVoided':
      db.prepare('INSERT OR IGNORE INTO township_voids (event_id) VALUES (?)').run(event.data.voidedEventId);
      return;
  }
}

function applyTownship(event: TownshipEvent, db: ReadDb): void {
  const { unitId } = event.data;
  switch (event.type) {
    case 'AnnualTargetSet':
      db.prepare('INSERT OR REPLACE INTO township_targets (unit_id, year, target) VALUES (?, ?, ?)').run(unitId, event.data.year, event.data.target);
      return;
    case 'YearClosed': {
      const { year, closedOn, target, actual, met } = event.data;
      // The later closing of a year stands.
      db.prepare('INSERT OR REPLACE INTO township_years (unit_id, year, closed_on, target, actual, met) VALUES (?, ?, ?, ?, ?, ?)').run(
        unitId,
        year,
        closedOn,
        target,
        actual,
        met ? 1 : 0,
      );
      break;
    }
    case 'OfficialAppointed': {
      const { officialId, name, post, from } = event.data;
      db.prepare('INSERT INTO township_tenures (unit_id, official_id, name, post, from_on, to_on) VALUES (?, ?, ?, ?, ?, NULL)').run(
        unitId,
        officialId,
        name,
        post,
        from,
      );
      break;
    }
    case 'OfficialDeparted':
      db.prepare('UPDATE township_tenures SET to_on = ? WHERE unit_id = ? AND official_id = ? AND post = ? AND to_on IS NULL').run(
        event.data.on,
        unitId,
        event.data.officialId,
        event.data.post,
      );
      break;
  }
  rederive(db, unitId);
}

/** Replaces a township's exits and bans with what the rules make of its closings and tenures now. */
function rederive(db: ReadDb, unitId: string): void {
  const closings = (
    db.prepare('SELECT year, closed_on, met FROM township_years WHERE unit_id = ?').all(unitId) as { year: number; closed_on: string; met: number }[]
  ).map((r) => ({ year: r.year, closedOn: r.closed_on, met: r.met === 1 }));
  const tenures = (
    db.prepare('SELECT official_id, name, post, from_on, to_on FROM township_tenures WHERE unit_id = ? ORDER BY from_on, post, rowid').all(unitId) as {
      official_id: string;
      name: string;
      post: Post;
      from_on: string;
      to_on: string | null;
    }[]
  ).map((r): Tenure => ({ officialId: r.official_id, name: r.name, post: r.post, from: r.from_on, to: r.to_on }));
  const exits = exitsFrom(closings);
  db.prepare('DELETE FROM township_exits WHERE unit_id = ?').run(unitId);
  db.prepare('DELETE FROM promotion_bans WHERE unit_id = ?').run(unitId);
  const exit = db.prepare('INSERT INTO township_exits (unit_id, on_date, years) VALUES (?, ?, ?)');
  for (const e of exits) exit.run(unitId, e.on, JSON.stringify(e.years));
  const ban = db.prepare('INSERT INTO promotion_bans (official_id, name, unit_id, failed_years, from_on, until) VALUES (?, ?, ?, ?, ?, ?)');
  for (const b of bansFrom(unitId, exits, tenures)) ban.run(b.officialId, b.name, b.unitId, JSON.stringify(b.failedYears), b.from, b.until);
}
