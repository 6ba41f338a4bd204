/**
 * Read models belong to one ledger. Beside each checkpoint the read-model database keeps the ledger id
 * and the seal of the last event applied; at start they are compared with the store. Read models of
 * another ledger (the store was deleted, truncated or replaced and a new one created), or ahead of the
 * store (an older copy restored), or built from other events at the same position, are never served:
 * the projector rebuilds them from the store (docs/operations.md, "Ledger identity").
 */
import type { EventStore } from '../event-store/index.js';
import type { ReadDb } from './projection.js';

/** Columns added to projection_checkpoints (read-model files written before them get them on open). */
const IDENTITY_COLUMNS = { ledger_id: 'TEXT', seal: 'TEXT' } as const;

export function addIdentityColumns(db: ReadDb): void {
  const present = new Set((db.prepare('PRAGMA table_info(projection_checkpoints)').all() as { name: string }[]).map((c) => c.name));
  for (const [column, type] of Object.entries(IDENTITY_COLUMNS)) {
    if (!present.has(column)) db.exec(`ALTER TABLE projection_checkpoints ADD COLUMN ${column} ${type}`);
  }
}

interface CheckpointRow {
  name: string;
  position: number;
  ledger_id: string | null;
  seal: string | null;
}

/** Why these read models must not be served beside this store; null when they may. */
export async function identityMismatch(store: EventStore, db: ReadDb, names: readonly string[]): Promise<string | null> {
  const { ledgerId } = await store.metadata();
  const head = await store.headPosition();
  const rows = (db.prepare('SELECT name, position, ledger_id, seal FROM projection_checkpoints').all() as CheckpointRow[]).filter((r) =>
    names.includes(r.name),
  );
  for (const row of rows) {
    // Rows without an id were written before ids existed; the position and seal checks still apply.
    if (row.ledger_id !== null && row.ledger_id !== ledgerId) {
      return `the read models were built from ledger ${row.ledger_id}; the event store is ledger ${ledgerId} (head ${head})`;
    }
    if (row.position > head) {
      return `read model ${row.name} has applied up to position ${row.position}, past the event store's head ${head}: the store is older or truncated`;
    }
  }
  for (const row of rows) {
    if (row.position === 0 || row.seal === null) continue;
    const [event] = await store.readAll(row.position - 1, 1);
    if (event?.hash !== row.seal) {
      return `the event at position ${row.position} is not the one read model ${row.name} applied: the store holds another history`;
    }
  }
  return null;
}

export function stampLedgerId(db: ReadDb, ledgerId: string): void {
  db.prepare('UPDATE projection_checkpoints SET ledger_id = ?').run(ledgerId);
}
