import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../kernel/index.js';
import type { EventStore, StoredEvent } from '../../event-store/index.js';
import type { ReadDb } from '../../projector/index.js';
import { EVENT_STORE, READ_DB } from '../../platform/injection.js';
import { isProjectEvent, projectStreamId } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import type { Project, ProjectState } from '../domain/state.js';
import { summarize, type ProjectSummary } from '../domain/summary.js';
import { readProject } from '../read-model/project-status.projection.js';
import { nameKey } from '../domain/enterprise.js';
import { listUnits, unitsWithin } from '../read-model/units.projection.js';
import { listParks } from '../read-model/parks.projection.js';
import { Clock } from '../../platform/clock.js';
import { exportFile, type ExportFile, type ExportFormat } from '../../platform/export/files.js';
import type { HeaderLanguage } from '../../platform/export/sheet.js';
import { ledgerSheet } from '../export/ledger-sheet.js';
import { projectView, type ProjectView } from './project-view.js';

export class GetProjectQuery extends Query<ProjectView> {
  constructor(
    readonly projectId: string,
    /** An instant: the project as the ledger knew it then, folded from the events recorded up to it. */
    readonly asOf?: string,
  ) {
    super();
  }
}

/** Folds a project's stream as recorded up to an instant (as-of replay; auditors). */
export async function projectAsOf(store: EventStore, projectId: string, asOf?: string): Promise<{ state: Project | null; events: StoredEvent[] }> {
  const events = await store.readStream(projectStreamId(projectId), asOf ? { recordedUpTo: new Date(asOf).toISOString() } : {});
  const state = events.filter(isProjectEvent).reduce<ProjectState>((s, e) => evolve(s, e, e), null);
  return { state, events };
}

const asSummary = (state: ProjectState): ProjectSummary | null => state && summarize(state);

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery, ProjectView> {
  constructor(
    @Inject(READ_DB) private readonly db: ReadDb,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ projectId, asOf }: GetProjectQuery): Promise<ProjectView> {
    const project = asOf ? asSummary((await projectAsOf(this.store, projectId, asOf)).state) : readProject(this.db, projectId);
    if (!project) throw new NotFound(asOf ? `no project ${projectId} as of ${asOf}` : `no project ${projectId}`);
    return projectView(project);
  }
}

export interface ProjectFilter {
  /** Projects credited to this unit or a unit below it. */
  unitId?: string;
  stage?: string;
  sector?: string;
  parkId?: string;
  /** Words that the project's name or investor must each contain. */
  q?: string;
  limit: number;
  /** The last projectId of the previous page. */
  cursor?: string;
}

/** The WHERE clause of a project filter: the unit and every unit below it, stage, sector, park, after a cursor. */
function projectWhere(
  db: ReadDb,
  filter: Omit<ProjectFilter, 'limit'>,
  params: Record<string, string | number> = {},
): { where: string; params: Record<string, string | number> } {
  const where: string[] = [];
  if (filter.unitId !== undefined) {
    const units = unitsWithin(db, filter.unitId);
    where.push(`unit_id IN (${units.map((_, i) => `@unit${i}`).join(', ')})`);
    units.forEach((u, i) => (params[`unit${i}`] = u));
  }
  for (const [column, value] of [
    ['stage', filter.stage],
    ['sector', filter.sector],
    ['park_id', filter.parkId],
  ] as const) {
    if (value !== undefined) {
      where.push(`${column} = @${column}`);
      params[column] = value;
    }
  }
  // Each word of q in the name or the investor, normalised as the duplicate check normalises them.
  (filter.q ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .forEach((word, i) => {
      where.push(`(instr(name_key, @q${i}) > 0 OR instr(investor_key, @q${i}) > 0)`);
      params[`q${i}`] = nameKey(word);
    });
  if (filter.cursor) {
    where.push('project_id > @cursor');
    params.cursor = Buffer.from(filter.cursor, 'base64url').toString('utf8');
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export class ListProjectsQuery extends Query<ProjectPage> {
  constructor(readonly filter: ProjectFilter) {
    super();
  }
}

export interface ProjectPage {
  items: ProjectView[];
  nextCursor: string | null;
}

@QueryHandler(ListProjectsQuery)
export class ListProjectsHandler implements IQueryHandler<ListProjectsQuery, ProjectPage> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ filter }: ListProjectsQuery): Promise<ProjectPage> {
    const { where, params } = projectWhere(this.db, filter, { limit: filter.limit + 1 });
    const rows = this.db.prepare(`SELECT state FROM project_status ${where} ORDER BY project_id LIMIT @limit`).all(params) as { state: string }[];
    const items = rows.slice(0, filter.limit).map((r) => projectView(JSON.parse(r.state) as ProjectSummary));
    const more = rows.length > filter.limit;
    return { items, nextCursor: more ? Buffer.from(items.at(-1)!.projectId, 'utf8').toString('base64url') : null };
  }
}

export interface HistoryItem {
  eventId: string;
  type: string;
  revision: number;
  globalPosition: number;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  role: string;
  schemaVersion: number;
  /** The Idempotency-Key the event was appended under (scoped by actor, as stored), or null. */
  idempotencyKey: string | null;
  data: StoredEvent['data'];
  hash: string;
  previousHash: string;
}

export class GetProjectEventsQuery extends Query<{ items: HistoryItem[] }> {
  constructor(
    readonly projectId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(GetProjectEventsQuery)
export class GetProjectEventsHandler implements IQueryHandler<GetProjectEventsQuery, { items: HistoryItem[] }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ projectId, asOf }: GetProjectEventsQuery): Promise<{ items: HistoryItem[] }> {
    const { events } = await projectAsOf(this.store, projectId, asOf);
    if (events.length === 0) throw new NotFound(asOf ? `no project ${projectId} as of ${asOf}` : `no project ${projectId}`);
    return {
      items: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        revision: e.revision,
        globalPosition: e.globalPosition,
        occurredOn: e.occurredOn,
        recordedAt: e.recordedAt,
        actor: e.actor,
        role: e.role,
        schemaVersion: e.schemaVersion,
        idempotencyKey: e.idempotencyKey,
        data: e.data,
        hash: e.hash,
        previousHash: e.previousHash,
      })),
    };
  }
}

/** The project ledger (台账) of a unit and the units below it (or the whole ledger), as a file. */
export class ExportLedgerQuery extends Query<ExportFile> {
  constructor(
    readonly filter: Omit<ProjectFilter, 'limit' | 'cursor'>,
    readonly format: ExportFormat,
    readonly language: HeaderLanguage,
  ) {
    super();
  }
}

@QueryHandler(ExportLedgerQuery)
export class ExportLedgerHandler implements IQueryHandler<ExportLedgerQuery, ExportFile> {
  constructor(
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly clock: Clock,
  ) {}

  async execute({ filter, format, language }: ExportLedgerQuery): Promise<ExportFile> {
    const { where, params } = projectWhere(this.db, filter);
    const rows = (this.db.prepare(`SELECT state FROM project_status ${where} ORDER BY unit_id, project_id`).all(params) as { state: string }[]).map((r) => {
      const p = JSON.parse(r.state) as ProjectSummary;
      return { view: projectView(p), plannedCny: p.plannedInvestment.cny, committedCny: p.committedInvestment?.cny ?? null };
    });
    const units = new Map(listUnits(this.db).map((u) => [u.unitId, u.name]));
    const parks = new Map(listParks(this.db).map((p) => [p.parkId, p.name]));
    const unitName = filter.unitId === undefined ? undefined : (units.get(filter.unitId) ?? filter.unitId);
    const sheet = ledgerSheet(rows, language, { units, parks }, { unitName, asOf: this.clock.today() });
    return exportFile(sheet, format, `project-ledger${filter.unitId ? `-${filter.unitId}` : ''}-${this.clock.today()}`);
  }
}
