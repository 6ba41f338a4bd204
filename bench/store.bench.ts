/**
 * Store appends/s with 1 and 32 writers, beside raw better-sqlite3 inserts of the same rows with the
 * same durability (WAL, synchronous=FULL): one transaction per row, and in batches of 32 rows.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_STREAM, SqliteEventStore, type NewEvent } from '../libs/event-store/index.js';
import { EVENT_STORE_DDL } from '../libs/event-store/sqlite/schema.js';
import { generateLedger } from './generator.js';
import { inTempDir, perSecond, type Figure } from './support.js';

const ROWS = Number(process.env.BENCH_STORE_ROWS ?? 4_000);

/** Single-event appends on new streams, in the order the generator gives them. */
function sampleAppends(count: number): { streamId: string; event: NewEvent }[] {
  const out: { streamId: string; event: NewEvent }[] = [];
  for (const stream of generateLedger(count * 2)) {
    for (const [i, event] of stream.events.entries()) {
      if (out.length === count) return out;
      out.push({ streamId: `${stream.streamId}-${i}`, event });
    }
  }
  return out;
}

async function storeRate(dir: string, writers: number, rows: { streamId: string; event: NewEvent }[]): Promise<number> {
  const store = new SqliteEventStore(join(dir, `store-${writers}.sqlite`));
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < rows.length; i = next++) await store.append(rows[i].streamId, [rows[i].event], { expectedRevision: NO_STREAM });
    }),
  );
  const rate = perSecond(rows.length, performance.now() - t);
  await store.close();
  return rate;
}

function rawRate(dir: string, batch: number, rows: { streamId: string; event: NewEvent }[]): number {
  const db = new Database(join(dir, `raw-${batch}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENT_STORE_DDL);
  const insert = db.prepare(
    `INSERT INTO events (global_position, event_id, stream_id, revision, type, data, occurred_on, recorded_at, actor, role, idempotency_key, schema_version, previous_hash, hash)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, NULL, 1, '', ?)`,
  );
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const { streamId, event } = rows[i];
      insert.run(
        i + 1,
        `e${i}`,
        streamId,
        event.type,
        JSON.stringify(event.data),
        event.occurredOn,
        new Date().toISOString(),
        event.actor,
        event.role,
        `h${i}`,
      );
    }
  });
  const t = performance.now();
  for (let i = 0; i < rows.length; i += batch) write.immediate(i, Math.min(rows.length, i + batch));
  const rate = perSecond(rows.length, performance.now() - t);
  db.close();
  return rate;
}

export async function storeBench(): Promise<Figure[]> {
  const rows = sampleAppends(ROWS);
  return inTempDir(async (dir) => {
    const rawOne = rawRate(dir, 1, rows);
    const rawBatched = rawRate(dir, 32, rows);
    const one = await storeRate(dir, 1, rows);
    const many = await storeRate(dir, 32, rows);
    const section = 'store';
    return [
      { section, name: 'raw better-sqlite3, 1 row / tx (ceiling)', value: rawOne, unit: 'rows/s' },
      { section, name: 'raw better-sqlite3, 32 rows / tx (ceiling)', value: rawBatched, unit: 'rows/s' },
      { section, name: 'store appends, 1 writer', value: one, unit: 'appends/s', ceiling: rawOne, ratio: one / rawOne },
      { section, name: 'store appends, 32 writers (group commit)', value: many, unit: 'appends/s', ceiling: rawBatched, ratio: many / rawBatched },
    ];
  });
}
