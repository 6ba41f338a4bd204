/**
 * The project-status read model: each project's summary (its state folded by the domain's own evolve,
 * without the fact list, with live totals: `ProjectSummary`) plus the columns lists filter on, and
 * each counted fact as a row of `project_facts` (what a void needs: its kind, amount, unit). A write
 * then adds a row and rewrites a small summary, not every earlier fact of the project. The
 * duplicate-lead check reads `name_key`, `investor_key` and `credit_code` of live projects.
 */
import type { Statement } from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type { ProjectedEvent } from '../../event-store/index.js';
import { inScope, type Projection, type ReadDb, type TransactionScope } from '../../projector/index.js';
import { PROJECT_STREAM_PREFIX, isProjectEvent, type ProjectEvent, type VoidableType } from '../domain/events.js';
import { enterpriseId, enterpriseKey, nameKey, sameEnterprise } from '../domain/enterprise.js';
import { closeSummary, foldOn, openSummary, type OpenSummary, type ProjectSummary, type SummaryFact } from '../domain/summary.js';

const INSERT = `INSERT INTO project_status (project_id, unit_id, stage, sector, park_id, investor_key, credit_code, name_key, referrer_id, revision, state)
  VALUES (@projectId, @unitId, @stage, @sector, @parkId, @investorKey, @creditCode, @nameKey, @referrerId, @revision, @state)`;
/** The match keys are the lead's: no later event renames a project or its investor. */
const UPDATE = `UPDATE project_status SET unit_id = @unitId, stage = @stage, sector = @sector, park_id = @parkId, referrer_id = @referrerId,
  revision = @revision, state = @state WHERE project_id = @projectId`;

interface FactRow {
  type: VoidableType;
  cny: string;
  unit_id: string;
  voided: number;
}

interface Prepared {
  read: Statement<[string], { state: string }>;
  revision: Statement<[string], { revision: number }>;
  unit: Statement<[string], { unit_id: string }>;
  insert: Statement;
  update: Statement;
  fact: Statement<[string, string], FactRow>;
  insertFact: Statement<[string, string, string, string, string, number]>;
  voidFact: Statement<[string, string]>;
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
      insert: db.prepare(INSERT),
      update: db.prepare(UPDATE),
      fact: db.prepare('SELECT type, cny, unit_id, voided FROM project_facts WHERE project_id = ? AND event_id = ?'),
      insertFact: db.prepare('INSERT INTO project_facts (project_id, event_id, type, cny, unit_id, voided) VALUES (?, ?, ?, ?, ?, ?)'),
      voidFact: db.prepare('UPDATE project_facts SET voided = 1 WHERE project_id = ? AND event_id = ?'),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * The summaries last written, per database, so a batch does not parse again what it wrote the batch before
 * (a ledger written in time order touches most producing projects every month). Used only while the row still
 * holds that revision: a rolled-back batch, a rebuild or another writer leaves a different one, and the row is
 * parsed. Bounded by the JSON's size (a parsed summary takes a few times that).
 */
const written = new WeakMap<ReadDb, LRUCache<string, ProjectSummary>>();

function writtenStates(db: ReadDb): LRUCache<string, ProjectSummary> {
  let cache = written.get(db);
  if (!cache) {
    cache = new LRUCache<string, ProjectSummary>({ max: 65_536, maxSize: 32 * 1024 * 1024 });
    written.set(db, cache);
  }
  return cache;
}

/** The project's summary as the row holds it. */
function storedState(db: ReadDb, projectId: string): ProjectSummary | null {
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
   * 5: facts carry their slip's compare key; 6: the row carries the state's revision;
   * 7: the state is a summary with live totals, the facts are rows of `project_facts`.
   */
  readonly version = 7;
  readonly tables = ['project_status', 'project_facts'] as const;

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
    CREATE INDEX IF NOT EXISTS project_status_referrer ON project_status (referrer_id);
    CREATE TABLE IF NOT EXISTS project_facts (
      project_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      cny TEXT NOT NULL,
      unit_id TEXT NOT NULL,
      voided INTEGER NOT NULL,
      PRIMARY KEY (project_id, event_id)
    ) WITHOUT ROWID;`);
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    this.applyBatch([event], db);
  }

  /**
   * Groups the batch's events per project and folds each project's summary on. The summaries and the
   * new facts are held in the projector's transaction and written once at its end, both in key order.
   */
  applyBatch(events: readonly ProjectedEvent[], db: ReadDb, scope?: TransactionScope): void {
    inScope(scope, (transaction) => this.fold(events, db, transaction));
  }

  private fold(events: readonly ProjectedEvent[], db: ReadDb, scope: TransactionScope): void {
    const held = scope.hold(
      this,
      () => new Map<string, HeldProject>(),
      (projects) => writeHeld(db, projects),
    );
    const touched = new Map<string, (ProjectedEvent & ProjectEvent)[]>();
    for (const event of events) {
      if (!event.streamId.startsWith(PROJECT_STREAM_PREFIX) || !isProjectEvent(event)) continue;
      const projectId = event.streamId.slice(PROJECT_STREAM_PREFIX.length);
      const found = touched.get(projectId);
      if (found) found.push(event);
      else touched.set(projectId, [event]);
    }
    for (const [projectId, projectEvents] of touched) {
      let project = held.get(projectId);
      if (!project) {
        const stored = storedState(db, projectId);
        project = { open: openSummary(stored), stored: stored !== null, facts: new Map() };
        held.set(projectId, project);
      }
      const facts = project.facts;
      const { recorded, voided } = foldOn(project.open, projectEvents, (eventId) => facts.get(eventId) ?? projectFact(db, projectId, eventId));
      for (const fact of recorded) facts.set(fact.eventId, fact);
      for (const eventId of voided) {
        const fact = facts.get(eventId);
        if (fact) fact.voided = true;
        else prepared(db).voidFact.run(projectId, eventId);
      }
    }
  }
}

/** A project folded in this transaction: its open summary, whether its row exists already, its new facts by event id. */
interface HeldProject {
  open: OpenSummary;
  stored: boolean;
  facts: Map<string, SummaryFact>;
}

function writeHeld(db: ReadDb, projects: Map<string, HeldProject>): void {
  const s = prepared(db);
  const facts: [string, SummaryFact][] = [];
  // In key order: one pass over each table's pages rather than a random write per project and fact.
  for (const projectId of [...projects.keys()].sort()) {
    const project = projects.get(projectId)!;
    const summary = closeSummary(project.open);
    if (summary === null) continue;
    for (const eventId of [...project.facts.keys()].sort()) facts.push([projectId, project.facts.get(eventId)!]);
    const state = JSON.stringify(summary);
    const row = {
      projectId,
      unitId: summary.unitId,
      stage: summary.stage,
      sector: summary.sector,
      parkId: summary.parkId,
      referrerId: summary.referrer?.referrerId ?? null,
      revision: summary.revision,
      state,
    };
    if (project.stored) s.update.run(row);
    else s.insert.run({ ...row, investorKey: enterpriseKey(summary.investor), creditCode: summary.creditCode, nameKey: nameKey(summary.name) });
    writtenStates(db).set(projectId, summary, { size: Math.max(1, state.length) });
  }
  for (const [projectId, f] of facts) s.insertFact.run(projectId, f.eventId, f.type, f.cny, f.unitId, f.voided ? 1 : 0);
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
export function referredProjects(db: ReadDb, referrerId?: string): ProjectSummary[] {
  const rows = (
    referrerId === undefined
      ? db.prepare('SELECT state FROM project_status WHERE referrer_id IS NOT NULL ORDER BY referrer_id, project_id').all()
      : db.prepare('SELECT state FROM project_status WHERE referrer_id = ? ORDER BY project_id').all(referrerId)
  ) as { state: string }[];
  return rows.map((r) => JSON.parse(r.state) as ProjectSummary);
}

export function readProject(db: ReadDb, projectId: string): ProjectSummary | null {
  const row = prepared(db).read.get(projectId);
  return row ? (JSON.parse(row.state) as ProjectSummary) : null;
}

/** A counted fact of a project by its event id (a void names it; who may void is judged by it), or undefined. */
export function projectFact(db: ReadDb, projectId: string, eventId: string): SummaryFact | undefined {
  const row = prepared(db).fact.get(projectId, eventId);
  return row && { eventId, type: row.type, cny: row.cny, unitId: row.unit_id, voided: row.voided === 1 };
}

/** The unit a project is credited to, without reading its whole state (the write path's scope check). */
export function projectUnitId(db: ReadDb, projectId: string): string | null {
  return prepared(db).unit.get(projectId)?.unit_id ?? null;
}
