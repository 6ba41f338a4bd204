/**
 * The project-status read model: each project's folded state (the domain's own evolve) plus the
 * columns lists filter on. The duplicate-lead check reads `name_key`, `investor_key` and
 * `credit_code` of live projects.
 */
import type { Statement } from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type { ProjectedEvent } from '../../event-store/index.js';
import type { Projection, ReadDb } from '../../projector/index.js';
import { PROJECT_STREAM_PREFIX, isProjectEvent, type ProjectEvent } from '../domain/events.js';
import { enterpriseId, enterpriseKey, nameKey, sameEnterprise } from '../domain/enterprise.js';
import { evolveAll } from '../domain/evolve.js';
import type { Project } from '../domain/state.js';

const UPSERT = `INSERT INTO project_status (project_id, unit_id, stage, sector, park_id, investor_key, credit_code, name_key, referrer_id, revision, state)
  VALUES (@projectId, @unitId, @stage, @sector, @parkId, @investorKey, @creditCode, @nameKey, @referrerId, @revision, @state)
  ON CONFLICT (project_id) DO UPDATE SET unit_id = excluded.unit_id, stage = excluded.stage, sector = excluded.sector,
    park_id = excluded.park_id, referrer_id = excluded.referrer_id, revision = excluded.revision, state = excluded.state`;

interface Prepared {
  read: Statement<[string], { state: string }>;
  revision: Statement<[string], { revision: number }>;
  unit: Statement<[string], { unit_id: string }>;
  upsert: Statement;
}

/** Prepared statements per database: preparing on every event would dominate a rebuild. */
const statements = new WeakMap<ReadDb, Prepared>();

function prepared(db: ReadDb): Prepared {
  let s = statements.get(db);
  if (!s) {
    s = {
      read: db.prepare('SELECT state FROM project_status WHERE project_id = ?'),
      revision: db.prepare('SELECT revision FROM project_status WHERE project_id = ?'),
      unit: db.prepare('SELECT unit_id FROM project_status WHERE project_id = ?'),
      upsert: db.prepare(UPSERT),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * The states last written, per database, so a batch does not parse again the state it wrote the batch before
 * (a busy project's state runs to hundreds of kilobytes). Used only while the row still holds that revision: a
 * rolled-back batch, a rebuild or another writer leaves a different one, and the row is parsed. Kept small: a
 * parsed state takes several times its JSON's size (4,096 states of up to 32 MB of JSON took a 1,000,000-event
 * rebuild's peak RSS from 447 MB to 632 MB).
 */
const written = new WeakMap<ReadDb, LRUCache<string, Project>>();

function writtenStates(db: ReadDb): LRUCache<string, Project> {
  let cache = written.get(db);
  if (!cache) {
    cache = new LRUCache<string, Project>({ max: 256, maxSize: 8 * 1024 * 1024 });
    written.set(db, cache);
  }
  return cache;
}

/** The project's state as the row holds it. */
function storedState(db: ReadDb, projectId: string): Project | null {
  const cached = writtenStates(db).get(projectId);
  if (cached && prepared(db).revision.get(projectId)?.revision === cached.revision) return cached;
  return readProject(db, projectId);
}

export class ProjectStatusProjection implements Projection {
  readonly name = 'project-status';
  /**
   * 2: the folded state carries `lastStageOn` (a contract after an intent moves it); 3: each counted
   * fact its credited unit; 4: facts carry their slip reference, the investor its credit code, the
   * match keys are enterprise keys (Simplified/Traditional, suffixes), and the referrer has a column;
   * 5: facts carry their slip's compare key; 6: the row carries the state's revision.
   */
  readonly version = 6;
  readonly tables = ['project_status'] as const;

  setup(db: ReadDb): void {
    db.exec(`CREATE TABLE IF NOT EXISTS project_status (
      project_id TEXT PRIMARY KEY,
      unit_id TEXT NOT NULL,
      stage TEXT NOT NULL,
      sector TEXT NOT NULL,
      park_id TEXT,
      investor_key TEXT NOT NULL,
      credit_code TEXT,
      name_key TEXT NOT NULL,
      referrer_id TEXT,
      revision INTEGER NOT NULL,
      state TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS project_status_unit ON project_status (unit_id, project_id);
    CREATE INDEX IF NOT EXISTS project_status_match ON project_status (name_key);
    CREATE INDEX IF NOT EXISTS project_status_credit_code ON project_status (credit_code);
    CREATE INDEX IF NOT EXISTS project_status_referrer ON project_status (referrer_id);`);
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    this.applyBatch([event], db);
  }

  /**
   * Groups the batch's events per project, folds each project's once from its stored state (`evolveAll`:
   * no copy of the fact list per fact) and writes each project it touched once.
   */
  applyBatch(events: readonly ProjectedEvent[], db: ReadDb): void {
    const touched = new Map<string, (ProjectedEvent & ProjectEvent)[]>();
    for (const event of events) {
      if (!event.streamId.startsWith(PROJECT_STREAM_PREFIX) || !isProjectEvent(event)) continue;
      const projectId = event.streamId.slice(PROJECT_STREAM_PREFIX.length);
      const found = touched.get(projectId);
      if (found) found.push(event);
      else touched.set(projectId, [event]);
    }
    for (const [projectId, projectEvents] of touched) {
      const after = evolveAll(storedState(db, projectId), projectEvents);
      if (!after) continue;
      const state = JSON.stringify(after);
      prepared(db).upsert.run({
        projectId,
        unitId: after.unitId,
        stage: after.stage,
        sector: after.sector,
        parkId: after.parkId,
        investorKey: enterpriseKey(after.investor),
        creditCode: after.creditCode,
        nameKey: nameKey(after.name),
        referrerId: after.referrer?.referrerId ?? null,
        revision: after.revision,
        state,
      });
      // evolveAll never changes the state it is given, so the next batch may fold on from this one.
      writtenStates(db).set(projectId, after, { size: Math.max(1, state.length) });
    }
  }
}

/**
 * Live (not abandoned) projects with the same project name and the same investor as a lead: by credit
 * code where both have one, else by the investor's normalised name (DOMAIN.md "One project, one unit").
 */
export function liveDuplicates(db: ReadDb, lead: { name: string; investor: string; creditCode?: string }): string[] {
  const rows = db
    .prepare("SELECT project_id, investor_key, credit_code FROM project_status WHERE name_key = ? AND stage <> 'abandoned' ORDER BY project_id")
    .all(nameKey(lead.name)) as { project_id: string; investor_key: string; credit_code: string | null }[];
  const investor = enterpriseId(lead.investor, lead.creditCode);
  return rows.filter((r) => sameEnterprise(investor, { key: r.investor_key, creditCode: r.credit_code })).map((r) => r.project_id);
}

/** Live projects by their investor's credit code (tax records name the enterprise, not the project). */
export function liveProjectsWithCreditCode(db: ReadDb, creditCode: string): string[] {
  return (
    db.prepare("SELECT project_id FROM project_status WHERE credit_code = ? AND stage <> 'abandoned' ORDER BY project_id").all(creditCode) as {
      project_id: string;
    }[]
  ).map((r) => r.project_id);
}

/** Projects with a referrer (one referrer's, when named), by referrer then project id. */
export function referredProjects(db: ReadDb, referrerId?: string): Project[] {
  const rows = (
    referrerId === undefined
      ? db.prepare('SELECT state FROM project_status WHERE referrer_id IS NOT NULL ORDER BY referrer_id, project_id').all()
      : db.prepare('SELECT state FROM project_status WHERE referrer_id = ? ORDER BY project_id').all(referrerId)
  ) as { state: string }[];
  return rows.map((r) => JSON.parse(r.state) as Project);
}

export function readProject(db: ReadDb, projectId: string): Project | null {
  const row = prepared(db).read.get(projectId);
  return row ? (JSON.parse(row.state) as Project) : null;
}

/** The unit a project is credited to, without reading its whole state (the write path's scope check). */
export function projectUnitId(db: ReadDb, projectId: string): string | null {
  return prepared(db).unit.get(projectId)?.unit_id ?? null;
}
