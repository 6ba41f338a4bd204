import { existsSync } from 'node:fs';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import type { AuditResult } from '../domain/ledger-check.js';
import { verifyLedger } from './ledger-audit.js';

/**
 * A consistent copy of the live SQLite store (SQLite's online backup, safe while writers run), then the
 * copy verified on its own: a backup is only worth keeping if it proves whole. Never overwrites a file.
 */
export async function backupLedger(store: SqliteEventStore, file: string): Promise<AuditResult> {
  if (existsSync(file)) throw new Error(`${file} already exists; back up to a new file`);
  await store.backup(file);
  const copy = new SqliteEventStore(file);
  try {
    return await verifyLedger(copy);
  } finally {
    await copy.close();
  }
}
