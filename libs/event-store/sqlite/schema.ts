/**
 * The SQLite event store's layout. `user_version` records the format so that an older binary refuses a
 * file written by a newer one instead of misreading it. Triggers make the table append-only even for
 * code that tries: an UPDATE or DELETE aborts.
 *
 * Format 2 adds the ledger's metadata (one row: id, hash algorithm, creation instant) and its Merkle
 * tree's complete subtrees (merkle/tree.ts), written in the same transaction as the events. A format-1
 * file is upgraded when opened: it gets an id, SHA-256 (what its seals use) and the tree of its events.
 */
export const STORE_FORMAT = 2;

export const EVENT_STORE_DDL = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY,
  event_id        TEXT NOT NULL UNIQUE,
  stream_id       TEXT NOT NULL,
  revision        INTEGER NOT NULL,
  type            TEXT NOT NULL,
  data            TEXT NOT NULL,
  occurred_on     TEXT NOT NULL,
  recorded_at     TEXT NOT NULL,
  actor           TEXT NOT NULL,
  role            TEXT NOT NULL,
  idempotency_key TEXT,
  schema_version  INTEGER NOT NULL,
  previous_hash   TEXT NOT NULL,
  hash            TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS idempotency (
  key            TEXT PRIMARY KEY,
  request_hash   TEXT NOT NULL,
  first_position INTEGER NOT NULL,
  last_position  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_metadata (
  only_row       INTEGER PRIMARY KEY CHECK (only_row = 1),
  ledger_id      TEXT NOT NULL,
  hash_algorithm TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS merkle_nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  TEXT NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only'); END;
CREATE TRIGGER IF NOT EXISTS merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_metadata_no_update BEFORE UPDATE ON ledger_metadata
BEGIN SELECT RAISE(ABORT, 'the ledger metadata is fixed'); END;
CREATE TRIGGER IF NOT EXISTS ledger_metadata_no_delete BEFORE DELETE ON ledger_metadata
BEGIN SELECT RAISE(ABORT, 'the ledger metadata is fixed'); END;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;

export interface EventRow {
  global_position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  occurred_on: string;
  recorded_at: string;
  actor: string;
  role: string;
  idempotency_key: string | null;
  schema_version: number;
  previous_hash: string;
  hash: string;
}

export interface MetadataRow {
  ledger_id: string;
  hash_algorithm: string;
  created_at: string;
}
