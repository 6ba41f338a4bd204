/** Reads over the `townships` read model. Money leaves as Money objects; `actualFor` feeds the closing command. */
import { cny, fromFen, toFen, type Money } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/projection.js';
import { type Credit, creditedUnitOn } from '../../projects/domain/index.js';
import type { Post } from '../domain/events.js';
import { banCovers, type Ban, type Exit } from '../domain/rules.js';

export interface TownshipYearView {
  year: number;
  target: Money;
  actual: Money;
  /** null while the year is open: then `actual` is the live figure so far. */
  met: boolean | null;
  closedOn: string | null;
}

export interface TownshipView {
  unitId: string;
  years: TownshipYearView[];
  exits: Exit[];
}

export interface Eligibility {
  officialId: string;
  on: string;
  eligible: boolean;
  bans: Omit<Ban, 'officialId' | 'name'>[];
}

/**
 * CNY of funding arrived in `year`, not voided, each tranche counted for the unit credited on its
 * arrival date (projects/domain/credit.ts) when that is the unit or a unit below it.
 */
export function actualFor(db: ReadDb, unitId: string, year: number): string {
  const tree = new Set(
    (
      db
        .prepare(
          `WITH RECURSIVE tree (unit_id) AS (
             SELECT ? UNION SELECT u.unit_id FROM township_units u JOIN tree t ON u.parent_id = t.unit_id)
           SELECT unit_id FROM tree`,
        )
        .all(unitId) as { unit_id: string }[]
    ).map((r) => r.unit_id),
  );
  const live = 'year = ? AND event_id NOT IN (SELECT event_id FROM township_voids)';
  const funded = `SELECT stream_id FROM township_funding WHERE ${live}`;
  const histories = new Map<string, Credit[]>();
  const credits = db
    .prepare(`SELECT stream_id, unit_id, from_on FROM township_credits WHERE stream_id IN (${funded}) ORDER BY stream_id, revision`)
    .all(year) as { stream_id: string; unit_id: string; from_on: string }[];
  for (const c of credits) histories.set(c.stream_id, [...(histories.get(c.stream_id) ?? []), { unitId: c.unit_id, from: c.from_on }]);
  const funding = db.prepare(`SELECT stream_id, arrived_on, cny FROM township_funding WHERE ${live}`).all(year) as {
    stream_id: string;
    arrived_on: string;
    cny: string;
  }[];
  let fen = 0n;
  for (const f of funding) {
    const history = histories.get(f.stream_id);
    if (history && tree.has(creditedUnitOn(history, f.arrived_on))) fen += toFen(f.cny);
  }
  return fromFen(fen);
}

/** The kind of a registered unit (county, township, department), null when none is registered. */
export function unitKind(db: ReadDb, unitId: string): string | null {
  const row = db.prepare('SELECT kind FROM township_units WHERE unit_id = ?').get(unitId) as { kind: string } | undefined;
  return row?.kind ?? null;
}

/** null when no township of that id is registered. Closed years show their frozen figures. */
export function townshipView(db: ReadDb, unitId: string): TownshipView | null {
  if (unitKind(db, unitId) !== 'township') return null;
  const closed = db.prepare('SELECT year, closed_on, target, actual, met FROM township_years WHERE unit_id = ?').all(unitId) as {
    year: number;
    closed_on: string;
    target: string;
    actual: string;
    met: number;
  }[];
  const open = db
    .prepare(
      'SELECT year, target FROM township_targets t WHERE unit_id = ? AND NOT EXISTS (SELECT 1 FROM township_years y WHERE y.unit_id = t.unit_id AND y.year = t.year)',
    )
    .all(unitId) as { year: number; target: string }[];
  const years: TownshipYearView[] = [
    ...closed.map((r) => ({ year: r.year, target: money(r.target), actual: money(r.actual), met: r.met === 1, closedOn: r.closed_on })),
    ...open.map((r) => ({ year: r.year, target: money(r.target), actual: money(actualFor(db, unitId, r.year)), met: null, closedOn: null })),
  ].sort((a, b) => a.year - b.year);
  const exits = (
    db.prepare('SELECT on_date, years FROM township_exits WHERE unit_id = ? ORDER BY on_date, years').all(unitId) as { on_date: string; years: string }[]
  ).map((r) => ({ on: r.on_date, years: JSON.parse(r.years) as number[] }));
  return { unitId, years, exits };
}

/** A township's officials with their posts and dates (`to` null while in post), earliest first. */
export interface TenureView {
  officialId: string;
  name: string;
  post: Post;
  from: string;
  to: string | null;
}

export function townshipOfficials(db: ReadDb, unitId: string): TenureView[] {
  const rows = db
    .prepare('SELECT official_id, name, post, from_on, to_on FROM township_tenures WHERE unit_id = ? ORDER BY from_on, post, official_id')
    .all(unitId) as { official_id: string; name: string; post: Post; from_on: string; to_on: string | null }[];
  return rows.map((r) => ({ officialId: r.official_id, name: r.name, post: r.post, from: r.from_on, to: r.to_on }));
}

/** null when the official never held a post in any township. */
export function eligibility(db: ReadDb, officialId: string, on: string): Eligibility | null {
  if (!db.prepare('SELECT 1 FROM township_tenures WHERE official_id = ?').get(officialId)) return null;
  const bans = selectBans(db, 'WHERE official_id = ?', officialId)
    .filter((b) => banCovers(b, on))
    .map(({ unitId, failedYears, from, until }) => ({ unitId, failedYears, from, until }));
  return { officialId, on, eligible: bans.length === 0, bans };
}

export function bansActiveOn(db: ReadDb, day: string): { items: Ban[] } {
  return { items: banRegister(db).filter((b) => banCovers(b, day)) };
}

/** Every ban ever derived, in force or not: the register auditors export. */
export function banRegister(db: ReadDb): Ban[] {
  return selectBans(db, '');
}

function selectBans(db: ReadDb, where: string, ...params: string[]): Ban[] {
  const rows = db
    .prepare(
      `SELECT official_id, name, unit_id, failed_years, from_on, until FROM promotion_bans ${where} ORDER BY from_on, unit_id, official_id, failed_years`,
    )
    .all(...params) as { official_id: string; name: string; unit_id: string; failed_years: string; from_on: string; until: string }[];
  return rows.map((r) => ({
    officialId: r.official_id,
    name: r.name,
    unitId: r.unit_id,
    failedYears: JSON.parse(r.failed_years) as number[],
    from: r.from_on,
    until: r.until,
  }));
}

const money = (amount: string): Money => cny(toFen(amount));
