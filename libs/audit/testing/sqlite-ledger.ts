/** SQLite files holding the sample ledger, and direct edits of them as an attacker with file access would make. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { HashAlgorithm } from '../../event-store/hashing.js';
import { nodesCompletedBy } from '../../event-store/merkle/tree.js';
import { GENESIS_HASH, sealOf } from '../../event-store/seal.js';
import type { EventRow } from '../../event-store/sqlite/schema.js';
import { SqliteEventStore, toEvent } from '../../event-store/sqlite/sqlite-event-store.js';
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

/**
 * The strongest attacker without the signing key (run inside `tamperWith`): passes every event through
 * `edit`, re-seals every stream chain and rebuilds the Merkle tree, so nothing inside the file disagrees.
 */
export function resealAll(db: Database.Database, algorithm: HashAlgorithm, edit: (row: EventRow) => EventRow = (row) => row): void {
  db.exec('DROP TRIGGER IF EXISTS merkle_nodes_no_delete; DELETE FROM merkle_nodes;');
  const rows = db.prepare<[], EventRow>('SELECT * FROM events ORDER BY global_position').all();
  const heads = new Map<string, string>();
  const nodes = new Map<string, string>();
  const update = db.prepare('UPDATE events SET data = ?, previous_hash = ?, hash = ? WHERE global_position = ?');
  const insertNode = db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
  for (const original of rows) {
    const row = edit(original);
    const event = { ...toEvent(row), previousHash: heads.get(row.stream_id) ?? GENESIS_HASH };
    const hash = sealOf(event, algorithm);
    heads.set(row.stream_id, hash);
    update.run(row.data, event.previousHash, hash, row.global_position);
    for (const node of nodesCompletedBy(algorithm, row.global_position - 1, hash, (k) => nodes.get(`${k.level}/${k.index}`)!)) {
      nodes.set(`${node.level}/${node.index}`, node.hash);
      insertNode.run(node.level, node.index, node.hash);
    }
  }
}
