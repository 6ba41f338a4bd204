/**
 * Rebuild of every read model from a generated ledger (default 1,000,000 events): events/s and peak
 * RSS, beside reading and JSON-parsing the same rows straight from SQLite (the read ceiling). Each
 * step runs in its own process, so its peak RSS is its own. The ledger is written in time order (one
 * event per append, all streams interleaved, as a city's ledger is written) or stream by stream (each
 * stream's life in one append, as an import of history would): the same events, but a rebuild of the
 * first touches every project's rows in every batch, of the second only a batch's few projects.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_STREAM, SqliteEventStore, type AppendOptions, type NewEvent } from '../libs/event-store/index.js';
import { Projector } from '../libs/projector/index.js';
import { loadConfig } from '../libs/platform/config.js';
import { openReadDb } from '../libs/platform/open-store.js';
import { CAPABILITIES } from '../apps/ledger-api/app.module.js';
import { generateLedger, inTimeOrder } from './generator.js';
import { perSecond } from './support.js';

export interface StepResult {
  events: number;
  ms: number;
  maxRssMb: number;
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

export type LedgerOrder = 'time' | 'stream';

interface Append {
  streamId: string;
  events: NewEvent[];
  options: AppendOptions;
}

const ANY: AppendOptions = { expectedRevision: 'any' };

function* appends(events: number, order: LedgerOrder): Generator<Append> {
  if (order === 'stream') {
    for (const stream of generateLedger(events)) yield { streamId: stream.streamId, events: stream.events, options: { expectedRevision: NO_STREAM } };
  } else {
    // All events are held and sorted in memory (1,000,000 fit: the fill's peak RSS is reported).
    for (const { streamId, event } of inTimeOrder(generateLedger(events))) yield { streamId, events: [event], options: ANY };
  }
}

/** Writes the generated ledger through the store (its group commit) in `order`, up to 512 appends in flight. */
export async function fill(dir: string, events: number, order: LedgerOrder): Promise<StepResult> {
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  const t = performance.now();
  let inFlight: Promise<unknown>[] = [];
  for (const append of appends(events, order)) {
    inFlight.push(store.append(append.streamId, append.events, append.options));
    if (inFlight.length >= 512) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  const total = await store.headPosition();
  await store.close();
  return { events: total, ms: performance.now() - t, maxRssMb: maxRssMb() };
}

/** The ceiling: every row read in global order and its data JSON-parsed, nothing applied. */
export function rawRead(dir: string): StepResult {
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  const t = performance.now();
  let events = 0;
  let check = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY global_position').iterate() as IterableIterator<{ data: string }>) {
    const data = JSON.parse(row.data) as object;
    check += Object.keys(data).length;
    events++;
  }
  db.close();
  if (check === 0 && events > 0) throw new Error('read nothing');
  return { events, ms: performance.now() - t, maxRssMb: maxRssMb() };
}

/**
 * Every read model (or only those named) dropped and replayed from the first event, into the
 * read-model file the server uses.
 */
export async function rebuild(dir: string, names: string[] = []): Promise<StepResult> {
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  const db = openReadDb(loadConfig({ LEDGER_DATA_DIR: dir }));
  const projector = new Projector(
    store,
    db,
    CAPABILITIES.flatMap((c) => c.projections()),
  );
  const t = performance.now();
  await projector.rebuild(names);
  const ms = performance.now() - t;
  const events = await store.headPosition();
  db.close();
  await store.close();
  return { events, ms, maxRssMb: maxRssMb() };
}

export const rate = (step: StepResult): number => perSecond(step.events, step.ms);
