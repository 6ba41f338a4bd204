/**
 * Read latencies on the rebuilt ledger: a project-status read (GET /v1/projects/{id}), a page of the
 * project list (GET /v1/projects?limit=50), and the half-year statement listing of every referrer
 * (GET /v1/statements/{period}, 10,000 referrers in the generated ledger of 1,000,000 events), 50
 * times. Query handlers, no HTTP.
 */
import { join } from 'node:path';
import { SqliteEventStore } from '../libs/event-store/index.js';
import { loadConfig } from '../libs/platform/config.js';
import { openReadDb } from '../libs/platform/open-store.js';
import { GetProjectHandler, GetProjectQuery, ListProjectsHandler, ListProjectsQuery } from '../libs/projects/queries/project-queries.js';
import { GetPeriodStatementsHandler, GetPeriodStatementsQuery } from '../libs/rewards/queries/statement-queries.js';
import { percentile, seededPick } from './support.js';

export interface ReadLatencies {
  statusP99Ms: number;
  listPageP99Ms: number;
  statementsP99Ms: number;
  referrers: number;
  projects: number;
}

async function timed(runs: number, run: (i: number) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run(i);
    samples.push(performance.now() - t);
  }
  return samples;
}

export async function readLatencies(dir: string): Promise<ReadLatencies> {
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  const db = openReadDb(loadConfig({ LEDGER_DATA_DIR: dir }));
  const ids = (db.prepare('SELECT project_id FROM project_status').all() as { project_id: string }[]).map((r) => r.project_id);
  const pick = seededPick(ids);
  const status = new GetProjectHandler(db, store);
  const list = new ListProjectsHandler(db);
  const statusSamples = await timed(5_000, () => status.execute(new GetProjectQuery(pick())));
  let cursor: string | undefined;
  const listSamples = await timed(1_000, async () => {
    const page = await list.execute(new ListProjectsQuery({ limit: 50, cursor }));
    cursor = page.nextCursor ?? undefined;
  });
  const listing = new GetPeriodStatementsHandler(db);
  let referrers = 0;
  const statementSamples = await timed(50, async () => {
    referrers = (await listing.execute(new GetPeriodStatementsQuery('2026-H1'))).statements.length;
  });
  db.close();
  await store.close();
  return {
    statusP99Ms: percentile(statusSamples, 99),
    listPageP99Ms: percentile(listSamples, 99),
    statementsP99Ms: percentile(statementSamples, 99),
    referrers,
    projects: ids.length,
  };
}
