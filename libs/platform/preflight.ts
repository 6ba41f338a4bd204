/**
 * Start-up checks that run before the application is assembled, so that each way the ledger cannot
 * start (data directory, tokens file, event store, read models) is reported in one line naming what
 * is wrong, instead of a framework stack trace.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, StoreOpenError } from '../event-store/index.js';
import { ConfigError, type LedgerConfig } from './config.js';
import { ensureDataDir, openReadDb } from './open-store.js';
import { readTokensFile } from './tokens.js';

export async function preflight(config: LedgerConfig): Promise<void> {
  ensureDataDir(config.dataDir);
  const tokensFile = config.tokensFile ?? join(config.dataDir, 'tokens.json');
  if (config.tokensFile && !existsSync(tokensFile)) throw new ConfigError(`LEDGER_TOKENS_FILE ${tokensFile} does not exist`);
  if (existsSync(tokensFile)) readTokensFile(tokensFile);
  if (config.store === 'sqlite') {
    try {
      await new SqliteEventStore(join(config.dataDir, 'ledger.sqlite')).close();
    } catch (error) {
      if (error instanceof StoreOpenError) throw new ConfigError(error.message);
      throw error;
    }
  }
  openReadDb(config).close();
}
