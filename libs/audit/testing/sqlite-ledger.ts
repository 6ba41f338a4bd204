/** SQLite files holding the sample ledger, and direct edits of them as an attacker with file access would make. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { seedLedger, steppingClock } from './sample-ledger.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ledger-audit-'));
}

let files = 0;

/** A new SQLite store in `dir` holding the sample ledger, still open. */
export async function seededSqlite(dir: string): Promise<SqliteEventStore> {
  const store = new SqliteEventStore(join(dir, `ledger-${files++}.sqlite`), steppingClock());
  await seedLedger(store);
  return store;
}

/** Edits the closed file behind the store's back: drops the append-only triggers first, then runs `edit`. */
export function tamperWith(file: string, edit: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
    edit(db);
  } finally {
    db.close();
  }
}
