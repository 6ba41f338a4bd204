/**
 * The SQLite event store's layout. `user_version` records the format so that an older binary refuses a
 * file written by a newer one instead of misreading it. Triggers make the table append-only even for
 * code that tries: an UPDATE or DELETE aborts.
 */
export const STORE_FORMAT = 1;

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
