/**
 * Start-up checks that run before the application is assembled, so that each way the ledger cannot
 * start (data directory, tokens file, event store, read models) is reported in one line naming what
 * is wrong, instead of a framework stack trace.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, StoreOpenError } from '../event-store/index.js';
import { ConfigError, type LedgerConfig } from './config.js';
import { DataDirLocked, lockHolder } from './data-dir-lock.js';
import { LEDGER_FILE, checkLedgerPresence, ensureDataDir, openReadDb } from './open-store.js';
import { readTokensFile } from './tokens.js';

export async function preflight(config: LedgerConfig): Promise<void> {
  // Before anything is created: a lost ledger is not replaced by a fresh one, a second server not started.
  checkLedgerPresence(config, true);
  ensureDataDir(config.dataDir);
  const holder = lockHolder(config.dataDir);
  if (holder) throw new DataDirLocked(config.dataDir, holder);
  const tokensFile = config.tokensFile ?? join(config.dataDir, 'tokens.json');
  if (config.tokensFile && !existsSync(tokensFile)) throw new ConfigError(`LEDGER_TOKENS_FILE ${tokensFile} does not exist`);
  if (existsSync(tokensFile)) readTokensFile(tokensFile);
  if (config.store === 'sqlite') {
    const file = join(config.dataDir, LEDGER_FILE);
    try {
      await new SqliteEventStore(file).close();
    } catch (error) {
      if (error instanceof StoreOpenError) throw new ConfigError(error.message);
      throw error;
    }
    checkIntegrity(file, 'the event store');
  }
  const readDb = openReadDb(config);
  const readFile = readDb.name;
  readDb.close();
  checkIntegrity(readFile, 'the read-model database (rebuildable: `npm run ledger -- rebuild`)');
}

/**
 * PRAGMA quick_check: every page and index entry is well-formed (the O(N) check without the index
 * cross-checks of integrity_check); `quick_check(1)` stops at the first problem it finds.
 */
export function checkIntegrity(file: string, what: string): void {
  let verdict: string;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      verdict = String(db.pragma('quick_check(1)', { simple: true }));
    } finally {
      db.close();
    }
  } catch (error) {
    verdict = (error as Error).message;
  }
  if (verdict !== 'ok') throw new ConfigError(`${what} ${file} fails its integrity check: ${verdict}; restore it from a backup (docs/operations.md)`);
}
